package dev.filesys.file.files;

import dev.filesys.support.ApiError;

/**
 * The order of a listing: by name (code-point order, the same on every database whatever its locale) or by creation
 * time, ascending or descending, ties broken by id so pages never overlap.
 */
enum FileSort {
    NAME_ASC("%1$s.name COLLATE \"C\" ASC, %1$s.id ASC"),
    NAME_DESC("%1$s.name COLLATE \"C\" DESC, %1$s.id DESC"),
    CREATED_ASC("%1$s.created_at ASC, %1$s.id ASC"),
    CREATED_DESC("%1$s.created_at DESC, %1$s.id DESC");

    private final String orderBy;

    FileSort(String orderBy) {
        this.orderBy = orderBy;
    }

    /**
     * The ORDER BY list over the columns of {@code alias} ({@code name}, {@code created_at}, {@code id}). Each order is
     * the order of an index on {@code files} after {@code owner_id} ({@code files_owner_name},
     * {@code files_owner_created}), so a user's own files are read in order, and only as many as a page needs.
     */
    String orderBy(String alias) {
        return orderBy.formatted(alias);
    }

    /** {@code name}, {@code createdAt}, either optionally followed by {@code ,asc} or {@code ,desc}; default name. */
    static FileSort parse(String value) {
        if (value == null || value.isBlank()) {
            return NAME_ASC;
        }
        String[] parts = value.strip().split("\\s*,\\s*");
        boolean descending = parts.length == 2 && parts[1].equalsIgnoreCase("desc");
        boolean directionValid =
                parts.length == 1 || (parts.length == 2 && (descending || parts[1].equalsIgnoreCase("asc")));
        if (directionValid && parts[0].equals("name")) {
            return descending ? NAME_DESC : NAME_ASC;
        }
        if (directionValid && parts[0].equals("createdAt")) {
            return descending ? CREATED_DESC : CREATED_ASC;
        }
        throw ApiError.INVALID_SORT.exception("sort must be name or createdAt, optionally followed by ,asc or ,desc.");
    }
}
