package dev.filesys.file.files;

import dev.filesys.support.ApiError;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The order of a folder's children: by name (code-point order), creation time, update time or size, ascending or
 * descending, ties broken by id; folders come before files whatever the order (a folder has no size of its own, so by
 * size folders are in name order). Pages are keysets: the rows after the last one shown, never an offset.
 *
 * @param field {@code name}, {@code createdAt}, {@code updatedAt} or {@code size}
 */
public record ChildSort(String field, boolean descending) {

    /** The default: by name, ascending. */
    public static final ChildSort DEFAULT = new ChildSort("name", false);

    /** Where a page ends: the sort key of its last row (as text) and its id. */
    public record Key(String value, UUID id) {

        Map<String, ?> params() {
            return Map.of("afterKey", value, "afterId", id);
        }
    }

    /** {@code name|createdAt|updatedAt|size}, optionally followed by {@code ,asc} or {@code ,desc}; default name. */
    public static ChildSort parse(@Nullable String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT;
        }
        String[] parts = value.strip().split("\\s*,\\s*");
        boolean descending = parts.length == 2 && parts[1].equalsIgnoreCase("desc");
        boolean directionValid =
                parts.length == 1 || (parts.length == 2 && (descending || parts[1].equalsIgnoreCase("asc")));
        if (directionValid
                && (parts[0].equals("name")
                        || parts[0].equals("createdAt")
                        || parts[0].equals("updatedAt")
                        || parts[0].equals("size"))) {
            return new ChildSort(parts[0], descending);
        }
        throw ApiError.INVALID_SORT.exception(
                "sort must be name, createdAt, updatedAt or size, optionally followed by ,asc or ,desc.");
    }

    /** The sort key of a row of {@code alias} (files: {@code blob} is its blob's alias; folders: null). */
    private String key(String alias, @Nullable String blob) {
        return switch (field) {
            case "createdAt" -> alias + ".created_at";
            case "updatedAt" -> alias + ".updated_at";
            case "size" -> blob == null ? alias + ".name COLLATE \"C\"" : blob + ".size";
            default -> alias + ".name COLLATE \"C\"";
        };
    }

    /** The parameter {@code :afterKey} cast to the key's type. */
    private String parameter(@Nullable String blob) {
        return switch (field) {
            case "createdAt", "updatedAt" -> "CAST(:afterKey AS timestamptz)";
            case "size" -> blob == null ? "CAST(:afterKey AS text) COLLATE \"C\"" : "CAST(:afterKey AS bigint)";
            default -> "CAST(:afterKey AS text) COLLATE \"C\"";
        };
    }

    /** The ORDER BY list. */
    public String orderBy(String alias, @Nullable String blob) {
        String direction = descending ? " DESC" : " ASC";
        return key(alias, blob) + direction + ", " + alias + ".id" + direction;
    }

    /** The condition for the rows after {@code (:afterKey, :afterId)} in this order. */
    public String after(String alias, @Nullable String blob) {
        return "(" + key(alias, blob) + ", " + alias + ".id) " + (descending ? "<" : ">") + " (" + parameter(blob)
                + ", CAST(:afterId AS uuid))";
    }

    /** A row's sort key as text, as {@link #after} reads it back. */
    public String keyOf(String name, java.time.Instant createdAt, java.time.Instant updatedAt, @Nullable Long size) {
        return switch (field) {
            case "createdAt" -> createdAt.toString();
            case "updatedAt" -> updatedAt.toString();
            case "size" -> size == null ? name : Long.toString(size);
            default -> name;
        };
    }

    /** How the order is written in a query ({@code name,asc}). */
    public String describe() {
        return field + "," + (descending ? "desc" : "asc").toLowerCase(Locale.ROOT);
    }
}
