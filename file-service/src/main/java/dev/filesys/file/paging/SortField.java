package dev.filesys.file.paging;

/**
 * What a listing can be sorted by: a name (text, compared in code-point order, the same on
 * every database whatever its locale), a creation, change, replacement (a version) or deletion (the trash) time, or a
 * size in bytes. Each listing allows the fields that mean something for its rows ({@link PageSort#parse(String,
 * PageSort, java.util.Set)}).
 */
public enum SortField {
    NAME("name", "%s.name COLLATE \"C\""),
    CREATED_AT("createdAt", "%s.created_at"),
    UPDATED_AT("updatedAt", "%s.updated_at"),
    SIZE("size", "%s.size"),
    REPLACED_AT("replacedAt", "%s.replaced_at"),
    TRASHED_AT("trashedAt", "%s.trashed_at");

    private final String parameter;
    private final String column;

    SortField(String parameter, String column) {
        this.parameter = parameter;
        this.column = column;
    }

    /** The name in the {@code sort} parameter, e.g. {@code createdAt}. */
    public String parameter() {
        return parameter;
    }

    /**
     * The usual key expression over the columns of {@code alias}: {@code name COLLATE "C"}, {@code created_at},
     * {@code updated_at}, {@code size}, {@code replaced_at} or {@code trashed_at}. A listing whose rows hold the key elsewhere passes its own expression to
     * {@link Keyset}'s methods instead.
     */
    public String column(String alias) {
        return column.formatted(alias);
    }
}
