package dev.filesys.file.paging;

/**
 * What a listing can be sorted by, with the type of its key: a name (text, compared in code-point order, the same on
 * every database whatever its locale), a creation or change time, or a size in bytes.
 */
public enum SortField {
    NAME("name", KeyType.TEXT, "%s.name COLLATE \"C\""),
    CREATED_AT("createdAt", KeyType.TIME, "%s.created_at"),
    UPDATED_AT("updatedAt", KeyType.TIME, "%s.updated_at"),
    SIZE("size", KeyType.NUMBER, "%s.size");

    /** The Java type of a sort key in a {@link Keyset.Position}: {@code String}, {@code Instant} or {@code Long}. */
    enum KeyType {
        TEXT,
        TIME,
        NUMBER
    }

    private final String parameter;
    private final KeyType keyType;
    private final String column;

    SortField(String parameter, KeyType keyType, String column) {
        this.parameter = parameter;
        this.keyType = keyType;
        this.column = column;
    }

    /** The name in the {@code sort} parameter, e.g. {@code createdAt}. */
    public String parameter() {
        return parameter;
    }

    KeyType keyType() {
        return keyType;
    }

    /**
     * The usual key expression over the columns of {@code alias}: {@code name COLLATE "C"}, {@code created_at},
     * {@code updated_at} or {@code size}. A listing whose rows hold the key elsewhere passes its own expression to
     * {@link Keyset}'s methods instead.
     */
    public String column(String alias) {
        return column.formatted(alias);
    }
}
