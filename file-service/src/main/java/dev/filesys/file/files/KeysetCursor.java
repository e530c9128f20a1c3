package dev.filesys.file.files;

import dev.filesys.support.ApiError;
import dev.filesys.support.ApiException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;

/**
 * The cursor of a listing paged by (time, id), newest first: the position of the last item on a page, bound to the
 * listing's kind and to whose (or which) listing it is, so a cursor of another listing, or one that is not a cursor, is
 * {@code 400 INVALID_CURSOR}. It names nothing its reader could not see: only a position in a listing they may read.
 */
public final class KeysetCursor {

    /** A position: the time and id of the last item of the previous page. */
    public record Position(Instant at, UUID id) {}

    private KeysetCursor() {}

    /**
     * @param kind the listing's kind, e.g. {@code versions}
     * @param scope what the listing lists: a file's id, an owner's
     */
    public static String encode(String kind, UUID scope, Position position) {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, position.at());
        String plain = kind + ":" + scope + ":" + micros + ":" + position.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** The position a cursor of that listing names. */
    public static Position decode(String kind, UUID scope, String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":", -1);
            if (parts.length != 4
                    || !parts[0].equals(kind)
                    || !UUID.fromString(parts[1]).equals(scope)) {
                throw invalid();
            }
            return new Position(
                    Instant.EPOCH.plus(Long.parseLong(parts[2]), ChronoUnit.MICROS), UUID.fromString(parts[3]));
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
    }

    private static ApiException invalid() {
        return ApiError.INVALID_CURSOR.exception(
                "The cursor is not one this listing gave out; start again without a cursor.");
    }
}
