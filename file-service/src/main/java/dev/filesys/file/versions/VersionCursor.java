package dev.filesys.file.versions;

import dev.filesys.support.ApiError;
import dev.filesys.support.ApiException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;

/**
 * The cursor of a file's version listing: the keyset position of the last version on a page, bound to the file it
 * lists, so a cursor of another file's versions (or one that is not a cursor) is {@code 400 INVALID_CURSOR}. It names
 * nothing the reader could not see: it is only a position in a listing they may read.
 */
final class VersionCursor {

    private static final String PREFIX = "v1:";

    private VersionCursor() {}

    static String encode(UUID fileId, VersionRepository.Position position) {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, position.replacedAt());
        String plain = PREFIX + fileId + ":" + micros + ":" + position.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    static VersionRepository.Position decode(UUID fileId, String cursor) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String[] parts = plain.substring(PREFIX.length()).split(":", -1);
            if (!plain.startsWith(PREFIX)
                    || parts.length != 3
                    || !UUID.fromString(parts[0]).equals(fileId)) {
                throw invalid();
            }
            Instant replacedAt = Instant.EPOCH.plus(Long.parseLong(parts[1]), ChronoUnit.MICROS);
            return new VersionRepository.Position(replacedAt, UUID.fromString(parts[2]));
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw invalid();
        }
    }

    private static ApiException invalid() {
        return ApiError.INVALID_CURSOR.exception(
                "The cursor is not one this listing gave out; start again without a cursor.");
    }
}
