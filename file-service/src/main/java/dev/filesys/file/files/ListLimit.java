package dev.filesys.file.files;

import dev.filesys.support.ApiError;
import org.jspecify.annotations.Nullable;

/** The {@code limit} of a cursor-paged listing: 1 to {@value #MAX}, {@value #DEFAULT} when absent. */
public final class ListLimit {

    public static final int DEFAULT = 100;
    public static final int MAX = 1000;

    private ListLimit() {}

    /**
     * The limit a request asked for.
     *
     * @param value the query parameter, or null
     * @throws dev.filesys.support.ApiException {@code INVALID_LIMIT} when it is not a number from 1 to {@value #MAX}
     */
    public static int parse(@Nullable String value) {
        if (value == null) {
            return DEFAULT;
        }
        try {
            int limit = Integer.parseInt(value.strip());
            if (limit >= 1 && limit <= MAX) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw ApiError.INVALID_LIMIT.exception("limit must be a whole number from 1 to " + MAX + ".");
    }
}
