package dev.filesys.file.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filesys.file.paging.Keyset;
import dev.filesys.file.paging.Page;
import dev.filesys.file.paging.PageRequest;
import dev.filesys.file.paging.PageSort;
import dev.filesys.file.paging.SortField;
import dev.filesys.file.testsupport.FileServiceTest;
import dev.filesys.file.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Listing stays flat however much other users store: with 300,000 files of 3,000 other users (and 100,000 shares
 * among them) in the database, the plans of the listing and its count, as {@link FileRepository} runs them, read only
 * the caller's rows. Asserted on {@code EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)}: no plan node sees more rows than the
 * caller has, and no table is scanned whole; a timing is printed, not asserted.
 */
@FileServiceTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ListingAtScaleTest {

    private static final int OTHER_USERS = 3_000;
    private static final int FILES_EACH = 100;
    private static final int ALICES_FILES = 40;
    private static final int SHARED_WITH_ALICE = 12;
    private static final int EXPIRED_SHARES = 3;
    /** Alice's rows: her files and the shares to her. Every plan node must stay within them (and a page's lookups). */
    private static final int ALICES_ROWS = ALICES_FILES + SHARED_WITH_ALICE;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    DataSource dataSource;

    @Autowired
    FileService files;

    JdbcTemplate jdbc;
    NamedParameterJdbcTemplate named;
    UUID alice;

    /**
     * One set-based statement per table. Ids are made from the row numbers, so the primary-key index fills in order
     * (random UUIDs make the load several times slower on a busy machine).
     */
    @BeforeAll
    void loadOtherUsersFiles() throws SQLException {
        TestDatabase.clear(dataSource);
        jdbc = new JdbcTemplate(dataSource);
        named = new NamedParameterJdbcTemplate(dataSource);
        // the load is a few statements of seconds each, which may outlast the service's 30 s socket timeout on a busy
        // machine: it runs on one connection whose timeout is lifted (the pool restores it when the connection returns)
        try (Connection connection = dataSource.getConnection()) {
            connection.setNetworkTimeout(Runnable::run, 0);
            load(new JdbcTemplate(new SingleConnectionDataSource(connection, true)));
        }
    }

    private void load(JdbcTemplate jdbc) {
        long start = System.nanoTime();
        jdbc.update("""
                INSERT INTO users (id, username, password_hash, created_at)
                SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(g), 12, '0'))::uuid, 'other' || g, '{test}x', now()
                FROM generate_series(1, ?) g
                """, OTHER_USERS + 1);
        jdbc.update("UPDATE users SET username = 'alice' WHERE username = ?", "other" + (OTHER_USERS + 1));
        alice = jdbc.queryForObject("SELECT id FROM users WHERE username = 'alice'", UUID.class);
        jdbc.update("""
                INSERT INTO blobs (sha256, size, crc32c)
                SELECT lpad(to_hex(g), 64, '0'), g, 0 FROM generate_series(1, 3000) g
                """);
        // every user (alice too) owns files named file-<n>; alice only ALICES_FILES of them
        jdbc.update("""
                INSERT INTO files (id, owner_id, folder_id, name, blob_sha256, content_type, created_at, updated_at)
                SELECT ('00000000-0000-4000-9000-' || lpad(to_hex(u * 1000 + g), 12, '0'))::uuid,
                       ('00000000-0000-4000-8000-' || lpad(to_hex(u), 12, '0'))::uuid,
                       (SELECT r.id FROM folders r
                        WHERE r.owner_id = ('00000000-0000-4000-8000-' || lpad(to_hex(u), 12, '0'))::uuid
                          AND r.parent_id IS NULL),
                       'file-' || g, lpad(to_hex(1 + (u * 7 + g) % 3000), 64, '0'), 'application/octet-stream',
                       now() - make_interval(secs => (u * 1000 + g) % 9973), now()
                FROM generate_series(1, ?) u CROSS JOIN generate_series(1, ?) g
                WHERE u <= ? OR g <= ?
                """, OTHER_USERS + 1, FILES_EACH, OTHER_USERS, ALICES_FILES);
        // other users share one file in three with their neighbour; the first SHARED_WITH_ALICE users share with alice
        jdbc.update("""
                INSERT INTO shares (file_id, grantee_id, permission, expires_at)
                SELECT f.id, ('00000000-0000-4000-8000-' || lpad(to_hex(u % ? + 1), 12, '0'))::uuid, 'read',
                       CASE WHEN g % 2 = 0 THEN now() + interval '1 day' END
                FROM generate_series(1, ?) u CROSS JOIN generate_series(3, ?, 3) g
                JOIN files f ON f.id = ('00000000-0000-4000-9000-' || lpad(to_hex(u * 1000 + g), 12, '0'))::uuid
                """, OTHER_USERS, OTHER_USERS, FILES_EACH);
        jdbc.update("""
                INSERT INTO shares (file_id, grantee_id, permission, expires_at)
                SELECT ('00000000-0000-4000-9000-' || lpad(to_hex(u * 1000 + 1), 12, '0'))::uuid, ?, 'read',
                       CASE WHEN u <= ? THEN now() - interval '1 minute' END
                FROM generate_series(1, ?) u
                """, alice, EXPIRED_SHARES, SHARED_WITH_ALICE);
        jdbc.execute("ANALYZE");
        System.out.printf(
                "listing at scale: loaded %,d files and %,d shares in %.1f s%n",
                jdbc.queryForObject("SELECT count(*) FROM files", Long.class),
                jdbc.queryForObject("SELECT count(*) FROM shares", Long.class),
                (System.nanoTime() - start) / 1e9);
    }

    @ParameterizedTest
    @EnumSource(
            value = SortField.class,
            names = {"NAME", "CREATED_AT", "UPDATED_AT", "SIZE"})
    void everyListingPlanReadsOnlyTheCallersRows(SortField field) {
        Object key = switch (field) {
            case NAME -> "file-20";
            case CREATED_AT, UPDATED_AT -> Instant.now().minusSeconds(5_000);
            case SIZE -> 1_500L;
            default -> throw new AssertionError(field);
        };
        for (boolean descending : new boolean[] {false, true}) {
            PageSort sort = new PageSort(field, descending);
            for (FileScope scope : FileScope.values()) {
                for (Keyset keyset : List.of(
                        new Keyset(sort, null), new Keyset(sort, new Keyset.Position(key, UUID.randomUUID())))) {
                    JsonNode plan = explain(FileRepository.listing(scope, keyset), parameters(21, keyset));
                    assertReadsOnlyAlicesRows(
                            plan, scope + " " + sort + (keyset.after() == null ? " first page" : " after a cursor"));
                }
            }
        }
    }

    @Test
    void theListingIsRightAndItsCostPerPageIsPrinted() {
        List<String> expected = new ArrayList<>();
        for (int g = 1; g <= ALICES_FILES; g++) {
            expected.add("file-" + g);
        }
        for (int u = EXPIRED_SHARES + 1; u <= SHARED_WITH_ALICE; u++) {
            expected.add("file-1"); // the first file of each user sharing with her, unexpired shares only
        }
        expected.sort(Comparator.naturalOrder());

        List<String> names = new ArrayList<>();
        List<Double> milliseconds = new ArrayList<>();
        long maxBuffers = 0;
        String cursor = null;
        Keyset.Position after = null;
        do {
            PageRequest request = PageRequest.parse("10", cursor, "name");
            Page<FileView> page = files.list(alice, FileScope.ALL, request);
            page.items().forEach(item -> names.add(item.name()));
            // the statement of the same page, explained: it starts after the last row of the page before
            Keyset keyset = new Keyset(request.sort(), after);
            JsonNode plan = explain(FileRepository.listing(FileScope.ALL, keyset), parameters(11, keyset));
            milliseconds.add(plan.path("Execution Time").asDouble());
            maxBuffers = Math.max(maxBuffers, buffers(plan.path("Plan")));
            FileView last = page.items().getLast();
            after = new Keyset.Position(last.name(), last.fileId());
            cursor = page.nextCursor();
        } while (cursor != null && names.size() <= expected.size());
        assertThat(names).isEqualTo(expected);
        assertThat(files.list(alice, FileScope.SHARED, PageRequest.parse("50", null, null))
                        .items())
                .hasSize(SHARED_WITH_ALICE - EXPIRED_SHARES)
                .allSatisfy(item -> assertThat(item.access()).isEqualTo("shared"));

        System.out.printf(
                "listing at scale: GET /api/v1/files (scope=all, sort=name, limit=10) among %,d other users' files:"
                        + " %d pages, %s ms each (statement), at most %d buffers a page%n",
                OTHER_USERS * FILES_EACH,
                milliseconds.size(),
                milliseconds.stream().map(ms -> String.format("%.3f", ms)).toList(),
                maxBuffers);
        assertThat(maxBuffers)
                .as("pages read by one page, a scan of the files table alone is several thousand")
                .isLessThan(600);
    }

    private Map<String, Object> parameters(int limit, Keyset keyset) {
        Map<String, Object> parameters = new HashMap<>(Map.of("user", alice, "limit", limit));
        if (keyset.after() != null) {
            Object key = keyset.after().key();
            parameters.put(
                    Keyset.KEY_PARAMETER,
                    key instanceof Instant time ? OffsetDateTime.ofInstant(time, ZoneOffset.UTC) : key);
            parameters.put(Keyset.ID_PARAMETER, keyset.after().id());
        }
        return parameters;
    }

    private JsonNode explain(String sql, Map<String, ?> parameters) {
        String json = named.queryForObject("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql, parameters, String.class);
        return JSON.readTree(json).get(0);
    }

    /** Walks every node of the plan: no whole-table scan, and no node sees more rows than alice has. */
    private static void assertReadsOnlyAlicesRows(JsonNode explained, String what) {
        List<JsonNode> nodes = new ArrayList<>();
        collect(explained.path("Plan"), nodes);
        for (JsonNode node : nodes) {
            String type = node.path("Node Type").asString();
            String relation = node.path("Relation Name").asString("");
            assertThat(type).as("%s: %s on %s", what, type, relation).isNotIn("Seq Scan", "Parallel Seq Scan");
            long seen = node.path("Actual Rows").asLong()
                            * Math.max(1, node.path("Actual Loops").asLong())
                    + node.path("Rows Removed by Filter").asLong()
                    + node.path("Rows Removed by Index Recheck").asLong()
                    + node.path("Rows Removed by Join Filter").asLong();
            assertThat(seen)
                    .as("%s: rows seen by %s %s (alice has %d)", what, type, relation, ALICES_ROWS)
                    .isLessThanOrEqualTo(ALICES_ROWS);
        }
        assertThat(nodes).isNotEmpty();
    }

    private static void collect(JsonNode node, List<JsonNode> into) {
        into.add(node);
        node.path("Plans").forEach(child -> collect(child, into));
    }

    private static long buffers(JsonNode plan) {
        return plan.path("Shared Hit Blocks").asLong()
                + plan.path("Shared Read Blocks").asLong();
    }
}
