package dev.filesys.file.paging;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Where a page starts, as SQL: keyset pagination ({@code WHERE (key, id) > (:after_key, :after_id) ORDER BY key, id
 * LIMIT n + 1}), never {@code OFFSET}, so a page costs the same however deep the listing is, and rows added or removed
 * elsewhere in the listing neither repeat nor skip a row.
 *
 * <p>A listing of several kinds of rows in a fixed order whatever the sort (a folder's children: its folders, then its
 * files) gives each kind a group, numbered in listing order; each part of the query asks {@link #where(int, String,
 * String)} with its own group. A plain listing is all group 0.
 *
 * <pre>{@code
 * Keyset keyset = cursors.keyset(request, listing);
 * List<Row> rows = keyset.bind(jdbc.sql("SELECT ... FROM files f WHERE f.folder_id = :folder AND "
 *                 + keyset.where("f") + " ORDER BY " + keyset.orderBy("f") + " LIMIT :limit"))
 *         .param("folder", folder).param("limit", request.fetchSize())
 *         .query(...).list();
 * return cursors.page(rows, request, listing, row -> new Keyset.Position(row.name(), row.id()));
 * }</pre>
 *
 * @param after the last row of the page before, or null for the first page
 */
public record Keyset(PageSort sort, @Nullable Position after) {

    /** The named parameters {@link #where} refers to; {@link #bind} binds them. */
    public static final String KEY_PARAMETER = "after_key";

    public static final String ID_PARAMETER = "after_id";

    /**
     * A row's place in its listing: its group, its sort key and its id.
     *
     * @param group the row's kind in listing order (0 for a listing of one kind), 0 to 127
     * @param key the row's value of the sort field: a {@code String} (name), an {@code Instant} (times) or a
     *     {@code Long} (size)
     */
    public record Position(int group, Object key, UUID id) {

        public Position {
            if (group < 0 || group > Byte.MAX_VALUE) {
                throw new IllegalArgumentException("group must be 0 to 127: " + group);
            }
            if (!(key instanceof String || key instanceof Instant || key instanceof Long)) {
                throw new IllegalArgumentException("a sort key is a String, an Instant or a Long: " + key);
            }
        }

        /** A row of group 0. */
        public Position(Object key, UUID id) {
            this(0, key, id);
        }
    }

    /** The condition for a plain listing over the usual columns of {@code alias}: see {@link #where(int, String, String)}. */
    public String where(String alias) {
        return where(0, sort.field().column(alias), alias + ".id");
    }

    /**
     * The condition a row of {@code group} must meet to be on this page: {@code TRUE} on the first page and for a group
     * after the cursor's, {@code FALSE} for a group before it, else {@code (key, id) > (:after_key, :after_id)} ({@code
     * <} when descending).
     *
     * @param keyExpression the row's sort key, e.g. {@code f.name COLLATE "C"} (see {@link SortField#column})
     * @param idExpression the row's id, e.g. {@code f.id}
     */
    public String where(int group, String keyExpression, String idExpression) {
        if (after == null || after.group() < group) {
            return "TRUE";
        }
        if (after.group() > group) {
            return "FALSE";
        }
        return "(" + keyExpression + ", " + idExpression + ") " + (sort.descending() ? "<" : ">") + " (:"
                + KEY_PARAMETER + ", :" + ID_PARAMETER + ")";
    }

    /** The ORDER BY list for a plain listing over the usual columns of {@code alias}. */
    public String orderBy(String alias) {
        return orderBy(sort.field().column(alias), alias + ".id");
    }

    /** {@code key ASC, id ASC} (or both {@code DESC}); a listing of several groups puts its group column first. */
    public String orderBy(String keyExpression, String idExpression) {
        String direction = sort.direction();
        return keyExpression + " " + direction + ", " + idExpression + " " + direction;
    }

    /** Binds {@code :after_key} and {@code :after_id} when this is not the first page. */
    public JdbcClient.StatementSpec bind(JdbcClient.StatementSpec statement) {
        if (after == null) {
            return statement;
        }
        Object key = after.key() instanceof Instant time ? OffsetDateTime.ofInstant(time, ZoneOffset.UTC) : after.key();
        return statement.param(KEY_PARAMETER, key).param(ID_PARAMETER, after.id());
    }
}
