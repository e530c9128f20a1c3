package dev.filesys.file.folders;

import dev.filesys.file.files.ChildSort;
import dev.filesys.support.ApiError;
import dev.filesys.support.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Where the next page of a listing of folders and files begins: the phase (folders, then files), and the sort key and
 * id of the last row shown in it (none: the phase's beginning). Bound to the listing it came from (its name: which
 * folder, or the shared-with-me view of which user) and its order: a cursor of another listing, or one that does not
 * read back (its digest no longer matches), is {@code 400 INVALID_CURSOR}. The digest is not a signature: a forged
 * cursor could only start a page elsewhere in a listing the caller may read anyway.
 *
 * @param folders whether the next page begins among the folders (else among the files)
 */
record ChildCursor(boolean folders, ChildSort.@Nullable Key key) {

    private static final String VERSION = "c1";

    /** The cursor of a page whose next page begins at the start of the files. */
    static final ChildCursor FILES = new ChildCursor(false, null);

    String encode(String listing, ChildSort sort) {
        String text = String.join(
                "\n",
                VERSION,
                listing,
                sort.describe(),
                folders ? "d" : "f",
                key == null ? "" : key.id().toString(),
                key == null ? "" : key.value());
        text = text + "\n" + check(text);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor as sent, or null for the first page. */
    static @Nullable ChildCursor decode(@Nullable String cursor, String listing, ChildSort sort) {
        if (cursor == null) {
            return null;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int end = text.lastIndexOf('\n');
            if (end < 0 || !text.substring(end + 1).equals(check(text.substring(0, end)))) {
                throw invalid();
            }
            String[] parts = text.substring(0, end).split("\n", -1);
            if (parts.length != 6
                    || !parts[0].equals(VERSION)
                    || !parts[1].equals(listing)
                    || !parts[2].equals(sort.describe())
                    || !(parts[3].equals("d") || parts[3].equals("f"))) {
                throw invalid();
            }
            ChildSort.Key key = parts[4].isEmpty() ? null : new ChildSort.Key(parts[5], UUID.fromString(parts[4]));
            return new ChildCursor(parts[3].equals("d"), key);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
    }

    /** A digest of the cursor's text, so that a cursor altered in transit does not read back. */
    private static String check(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ApiException invalid() {
        return ApiError.INVALID_CURSOR.exception(
                "The cursor is not one this listing gave out (another folder, order or user, or altered); start"
                        + " again without it.");
    }

    /** A {@code limit} query parameter: 1 to 1000, 100 when absent. */
    static int limit(@Nullable Integer limit) {
        if (limit == null) {
            return 100;
        }
        if (limit < 1 || limit > 1000) {
            throw ApiError.INVALID_LIMIT.exception("limit must be between 1 and 1000; it was " + limit + ".");
        }
        return limit;
    }
}
