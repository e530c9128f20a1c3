package dev.filesys.file.paging;

import dev.filesys.support.ApiError;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The order of a listing: a {@link SortField}, ascending or descending, ties broken by id in the same direction so
 * that every row has one place and pages never overlap.
 */
public record PageSort(SortField field, boolean descending) {

    /** {@code name,asc}: every listing's default. */
    public static final PageSort DEFAULT = new PageSort(SortField.NAME, false);

    /** What a listing of files (or of files and folders) can be sorted by. */
    public static final Set<SortField> FILE_FIELDS =
            EnumSet.of(SortField.NAME, SortField.CREATED_AT, SortField.UPDATED_AT, SortField.SIZE);

    /**
     * A listing of files' order: {@link #parse(String, PageSort, Set)} with {@link #DEFAULT} and {@link #FILE_FIELDS}.
     */
    public static PageSort parse(@Nullable String value) {
        return parse(value, DEFAULT, FILE_FIELDS);
    }

    /**
     * The order a listing was asked for.
     *
     * @param value one of {@code fields} by its parameter name ({@code name}, {@code createdAt}, …), optionally
     *     followed by {@code ,asc} (the default direction) or {@code ,desc}; null or blank is {@code defaultSort}
     * @param fields what this listing can be sorted by
     * @throws dev.filesys.support.ApiException {@code 400 INVALID_SORT} for anything else
     */
    public static PageSort parse(@Nullable String value, PageSort defaultSort, Set<SortField> fields) {
        if (value == null || value.isBlank()) {
            return defaultSort;
        }
        String[] parts = value.strip().split("\\s*,\\s*", -1);
        boolean descending = parts.length == 2 && parts[1].equalsIgnoreCase("desc");
        boolean directionValid =
                parts.length == 1 || (parts.length == 2 && (descending || parts[1].equalsIgnoreCase("asc")));
        return fields.stream()
                .filter(field -> directionValid && field.parameter().equals(parts[0]))
                .findFirst()
                .map(field -> new PageSort(field, descending))
                .orElseThrow(() -> ApiError.INVALID_SORT.exception("sort must be "
                        + fields.stream().map(SortField::parameter).collect(Collectors.joining(", "))
                        + ", optionally followed by ,asc or ,desc."));
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
