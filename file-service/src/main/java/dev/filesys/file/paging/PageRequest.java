package dev.filesys.file.paging;

import dev.filesys.support.ApiError;
import org.jspecify.annotations.Nullable;

/**
 * What a listing was asked for: how many items at most, in which order, and after which row (the cursor of the page
 * before, still unread: {@link Cursors#keyset} checks it against the listing).
 *
 * @param limit 1 to {@link #MAX_LIMIT}
 * @param cursor the {@code cursor} parameter as sent, or null for the first page
 */
public record PageRequest(
        int limit, PageSort sort, @Nullable String cursor) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    public PageRequest {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw invalidLimit();
        }
    }

    /**
     * The request of a listing of files from its query parameters.
     *
     * @param limit absent for {@link #DEFAULT_LIMIT}, else a whole number from 1 to {@link #MAX_LIMIT}
     * @param cursor absent or empty for the first page
     * @param sort see {@link PageSort#parse(String)}
     * @throws dev.filesys.support.ApiException {@code 400 INVALID_LIMIT} or {@code 400 INVALID_SORT}
     */
    public static PageRequest parse(@Nullable String limit, @Nullable String cursor, @Nullable String sort) {
        return of(limit, cursor, PageSort.parse(sort));
    }

    /**
     * The request from a listing's {@code limit} and {@code cursor} parameters and its order, already parsed.
     *
     * @throws dev.filesys.support.ApiException {@code 400 INVALID_LIMIT}
     */
    public static PageRequest of(@Nullable String limit, @Nullable String cursor, PageSort sort) {
        return new PageRequest(parseLimit(limit), sort, cursor == null || cursor.isEmpty() ? null : cursor);
    }

    /** How many rows the query reads: one more than the page shows, so that a next page is known to exist. */
    public int fetchSize() {
        return limit + 1;
    }

    private static int parseLimit(@Nullable String limit) {
        if (limit == null || limit.isBlank()) {
            return DEFAULT_LIMIT;
        }
        String digits = limit.strip();
        if (digits.isEmpty() || digits.length() > 4 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw invalidLimit();
        }
        return Integer.parseInt(digits);
    }

    private static RuntimeException invalidLimit() {
        return ApiError.INVALID_LIMIT.exception("limit must be a whole number from 1 to " + MAX_LIMIT + ".");
    }
}
