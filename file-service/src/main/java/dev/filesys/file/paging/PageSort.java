package dev.filesys.file.paging;

import dev.filesys.support.ApiError;
import org.jspecify.annotations.Nullable;

/**
 * The order of a listing: a {@link SortField}, ascending or descending, ties broken by id in the same direction so
 * that every row has one place and pages never overlap.
 */
public record PageSort(SortField field, boolean descending) {

    /** {@code name,asc}: every listing's default. */
    public static final PageSort DEFAULT = new PageSort(SortField.NAME, false);

    /**
     * @param value {@code name}, {@code createdAt}, {@code updatedAt} or {@code size}, optionally followed by
     *     {@code ,asc} or {@code ,desc}; null or blank is {@link #DEFAULT}
     * @throws dev.filesys.support.ApiException {@code 400 INVALID_SORT} for anything else
     */
    public static PageSort parse(@Nullable String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT;
        }
        String[] parts = value.strip().split("\\s*,\\s*", -1);
        boolean descending = parts.length == 2 && parts[1].equalsIgnoreCase("desc");
        boolean directionValid =
                parts.length == 1 || (parts.length == 2 && (descending || parts[1].equalsIgnoreCase("asc")));
        if (directionValid) {
            for (SortField field : SortField.values()) {
                if (field.parameter().equals(parts[0])) {
                    return new PageSort(field, descending);
                }
            }
        }
        throw ApiError.INVALID_SORT.exception(
                "sort must be name, createdAt, updatedAt or size, optionally followed by ,asc or ,desc.");
    }

    /** {@code ASC} or {@code DESC}. */
    public String direction() {
        return descending ? "DESC" : "ASC";
    }

    /** The canonical parameter value, e.g. {@code name,asc}; a cursor is bound to it. */
    @Override
    public String toString() {
        return field.parameter() + (descending ? ",desc" : ",asc");
    }
}
