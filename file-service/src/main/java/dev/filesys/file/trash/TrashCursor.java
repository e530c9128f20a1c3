package dev.filesys.file.trash;

import dev.filesys.support.ApiError;
import dev.filesys.support.ApiException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;

/**
 * The cursor of a trash listing: the keyset position of the last item on a page, bound to the owner whose trash it
 * lists, so another user's cursor (or one that is not a cursor) is {@code 400 INVALID_CURSOR}.
 */
final class TrashCursor {

    private static final String PREFIX = "t1:";

    private TrashCursor() {}

    static String encode(UUID owner, TrashRepository.Position position) {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, position.trashedAt());
        String plain = PREFIX + owner + ":" + micros + ":" + position.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    static TrashRepository.Position decode(UUID owner, String cursor) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String[] parts = plain.substring(PREFIX.length()).split(":", -1);
            if (!plain.startsWith(PREFIX)
                    || parts.length != 3
                    || !UUID.fromString(parts[0]).equals(owner)) {
                throw invalid();
            }
            return new TrashRepository.Position(
                    Instant.EPOCH.plus(Long.parseLong(parts[1]), ChronoUnit.MICROS), UUID.fromString(parts[2]));
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw invalid();
        }
    }

    private static ApiException invalid() {
        return ApiError.INVALID_CURSOR.exception(
                "The cursor is not one this listing gave out; start again without a cursor.");
    }
}
