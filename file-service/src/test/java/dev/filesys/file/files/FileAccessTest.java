package dev.filesys.file.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.filesys.file.paging.Page;
import dev.filesys.file.paging.PageRequest;
import dev.filesys.file.paging.PageSort;
import dev.filesys.file.paging.SortField;
import dev.filesys.file.testsupport.FileServiceTest;
import dev.filesys.file.testsupport.TestDatabase;
import dev.filesys.support.ApiException;
import dev.filesys.support.IfMatch;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Who may see, describe, list and delete a file, with {@link FileService} called directly against the real database:
 * the owner, a user it is shared with (while the share lasts), and anyone else. Shares are written as rows, so this
 * does not depend on the sharing feature.
 */
@FileServiceTest
@RecordApplicationEvents
class FileAccessTest {

    @Autowired
    DataSource dataSource;

    @Autowired
    FileService files;

    @Autowired
    StorageQuota quota;

    @Autowired
    ApplicationEvents events;

    @Autowired
    PlatformTransactionManager transactions;

    JdbcTemplate jdbc;
    UUID alice;
    UUID bob;
    UUID carol;
    UUID fileId;

    @BeforeEach
    void setUp() {
        TestDatabase.clear(dataSource);
        jdbc = new JdbcTemplate(dataSource);
        alice = user("alice");
        bob = user("bob");
        carol = user("carol");
        fileId = upload(alice, "notes.txt", "hello");
    }

    @Test
    void theOwnerSeesWhomTheFileIsSharedWithAndTheShareeDoesNot() {
        share(bob, "now() + interval '1 day'");
        share(carol, "now() - interval '1 minute'");

        FileView asOwner = files.describe(alice, fileId);
        assertThat(asOwner.access()).isEqualTo("owner");
        assertThat(asOwner.sharedUntil()).isNull();
        assertThat(asOwner.shares())
                .extracting(FileView.Share::username)
                .as("the expired share is none")
                .containsExactly("bob");

        FileView asSharee = files.describe(bob, fileId);
        assertThat(asSharee.access()).isEqualTo("shared");
        assertThat(asSharee.sharedUntil()).isAfter(Instant.now());
        assertThat(asSharee.shares()).isNull();

        assertThatThrownBy(() -> files.describe(carol, fileId)).isInstanceOf(FileNotFound.class);
        assertThatThrownBy(() -> files.find(carol, fileId)).isInstanceOf(FileNotFound.class);
        assertThat(files.find(bob, fileId).owned()).isFalse();
        assertThat(files.find(alice, fileId).owned()).isTrue();
    }

    @Test
    void onlyTheOwnerDeletesAndTheDeletionAnnouncesWhoLostAccess() {
        share(bob, "null");
        share(carol, "now() - interval '1 minute'");
        long remainingWithFile = quota.remaining(alice);

        assertThatThrownBy(() -> files.delete(bob, fileId, IfMatch.ABSENT)).isInstanceOf(NotOwner.class);
        assertThatThrownBy(() -> files.delete(user("dave"), fileId, IfMatch.ABSENT))
                .isInstanceOf(FileNotFound.class);
        assertThat(count("files")).isEqualTo(1);
        assertThat(events.stream(FileDeleted.class)).isEmpty();

        files.delete(alice, fileId, IfMatch.ABSENT);

        // to the trash: the row and its shares stay, nobody reads it, it still counts toward the quota
        assertThat(count("files")).isEqualTo(1);
        assertThat(jdbc.queryForObject("select trash_root_id = id from files", Boolean.class))
                .isTrue();
        assertThat(count("shares")).isEqualTo(2);
        assertThat(quota.remaining(alice)).isEqualTo(remainingWithFile);
        assertThat(events.stream(FileDeleted.class).toList())
                .containsExactly(new FileDeleted(fileId, "notes.txt", alice, "alice", List.of(bob)));
        assertThat(events.stream(ItemTrashed.class).toList())
                .containsExactly(
                        new ItemTrashed("file", fileId, "notes.txt", rootOf(alice), alice, "alice", List.of(bob)));
        assertThatThrownBy(() -> files.describe(alice, fileId)).isInstanceOf(FileNotFound.class);
        assertThatThrownBy(() -> files.find(bob, fileId)).isInstanceOf(FileNotFound.class);
        assertThatThrownBy(() -> files.delete(alice, fileId, IfMatch.ABSENT)).isInstanceOf(FileNotFound.class);
    }

    @Test
    void aStaleIfMatchDeletesNothing() {
        assertThatThrownBy(() -> files.delete(alice, fileId, IfMatch.parse("\"7\"")))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo("PRECONDITION_FAILED");
                    assertThat(e.getHeaders().getFirst("ETag")).isEqualTo("\"1\"");
                });
        assertThat(jdbc.queryForObject("select trashed_at is null from files", Boolean.class))
                .isTrue();

        files.delete(alice, fileId, IfMatch.parse("\"1\""));
        assertThat(jdbc.queryForObject("select version from files", Long.class)).isEqualTo(2);
    }

    private UUID rootOf(UUID user) {
        return jdbc.queryForObject("select id from folders where owner_id = ? and parent_id is null", UUID.class, user);
    }

    @Test
    void requireOwnerAdmitsOnlyTheOwner() {
        share(bob, "null");
        TransactionTemplate tx = new TransactionTemplate(transactions);

        assertThat(tx.execute(status -> files.requireOwner(alice, fileId)).name())
                .isEqualTo("notes.txt");
        assertThatThrownBy(() -> tx.executeWithoutResult(status -> files.requireOwner(bob, fileId)))
                .isInstanceOf(NotOwner.class);
        assertThatThrownBy(() -> tx.executeWithoutResult(status -> files.requireOwner(carol, fileId)))
                .isInstanceOf(FileNotFound.class);
    }

    @Test
    void listingsArePagedAndScopedToTheCaller() {
        upload(alice, "b.txt", "bb");
        upload(alice, "c.txt", "ccc");
        UUID bobs = upload(bob, "bobs.txt", "bob");
        share(carol, "null");

        Page<FileView> first = files.list(alice, FileScope.OWNED, request(2, "name", null));
        assertThat(first.items()).extracting(FileView::name).containsExactly("b.txt", "c.txt");
        assertThat(first.nextCursor()).isNotNull();
        Page<FileView> second = files.list(alice, FileScope.OWNED, request(2, "name", first.nextCursor()));
        assertThat(second.items()).extracting(FileView::name).containsExactly("notes.txt");
        assertThat(second.nextCursor()).isNull();
        assertThat(files.list(alice, FileScope.OWNED, request(3, "name", null)).nextCursor())
                .as("a page that holds the rest is the last")
                .isNull();

        assertThat(files.list(carol, FileScope.SHARED, request(10, "name", null))
                        .items())
                .extracting(FileView::fileId)
                .containsExactly(fileId);
        assertThat(files.list(carol, FileScope.OWNED, request(10, "name", null)).items())
                .isEmpty();
        assertThat(files.list(bob, FileScope.ALL, request(10, "name", null)).items())
                .extracting(FileView::fileId)
                .containsExactly(bobs);
        assertThatThrownBy(() -> files.list(bob, FileScope.OWNED, request(2, "name", first.nextCursor())))
                .as("alice's cursor is nothing to bob")
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.code()).isEqualTo("INVALID_CURSOR"));
    }

    @Test
    void aFileInTheTrashIsListedToNobody() {
        share(carol, "null");
        jdbc.update("update files set trashed_at = now(), trash_root_id = id where id = ?", fileId);

        assertThat(files.list(alice, FileScope.ALL, request(10, "name", null)).items())
                .isEmpty();
        assertThat(files.list(carol, FileScope.SHARED, request(10, "name", null))
                        .items())
                .isEmpty();
    }

    @Test
    void theListingOfAllMergesOwnedAndSharedFilesInOrderOnEveryPage() {
        for (String name : List.of("b-own", "d-own", "f-own", "h-own")) {
            upload(alice, name, name);
        }
        for (String name : List.of("a-bob", "c-bob", "e-bob", "z-bob")) {
            UUID id = upload(bob, name, name);
            jdbc.update("insert into shares (file_id, grantee_id, permission) values (?, ?, 'read')", id, alice);
        }
        UUID expired = upload(carol, "g-expired", "g");
        jdbc.update(
                "insert into shares (file_id, grantee_id, permission, expires_at)"
                        + " values (?, ?, 'read', now() - interval '1 second')",
                expired,
                alice);

        jdbc.update("update files set updated_at = updated_at + interval '1 hour' where name in ('b-own', 'z-bob')");
        for (SortField field : PageSort.FILE_FIELDS) {
            for (String direction : List.of("asc", "desc")) {
                String sort = field.parameter() + "," + direction;
                List<FileView> all = files.list(alice, FileScope.ALL, request(1000, sort, null))
                        .items();
                assertThat(all)
                        .as("%s: her 5 files and the 4 shared with her, not the expired share", sort)
                        .extracting(FileView::name)
                        .containsExactlyInAnyOrder(
                                "notes.txt", "b-own", "d-own", "f-own", "h-own", "a-bob", "c-bob", "e-bob", "z-bob");
                Comparator<FileView> order = switch (field) {
                    case NAME -> Comparator.comparing(FileView::name);
                    case CREATED_AT -> Comparator.comparing(FileView::createdAt);
                    case UPDATED_AT -> Comparator.comparing(FileView::updatedAt);
                    case SIZE -> Comparator.comparing(FileView::size);
                    default -> throw new AssertionError(field);
                };
                assertThat(all).as(sort).isSortedAccordingTo(direction.equals("asc") ? order : order.reversed());
                for (int size = 1; size <= 4; size++) {
                    List<FileView> paged = new ArrayList<>();
                    String cursor = null;
                    int pages = 0;
                    do {
                        Page<FileView> result = files.list(alice, FileScope.ALL, request(size, sort, cursor));
                        paged.addAll(result.items());
                        cursor = result.nextCursor();
                        pages++;
                    } while (cursor != null && pages <= all.size());
                    assertThat(pages).as("no empty last page").isEqualTo((all.size() + size - 1) / size);
                    assertThat(paged)
                            .as("%s in pages of %d", sort, size)
                            .extracting(FileView::fileId)
                            .containsExactlyElementsOf(
                                    all.stream().map(FileView::fileId).toList());
                }
            }
        }
        assertThat(files.list(alice, FileScope.SHARED, request(10, "name", null))
                        .items())
                .extracting(FileView::access)
                .containsOnly("shared")
                .hasSize(4);
    }

    @Test
    void theScopeIsParsedLeniently() {
        assertThat(FileScope.parse(null)).isEqualTo(FileScope.ALL);
        assertThat(FileScope.parse(" ")).isEqualTo(FileScope.ALL);
        assertThat(FileScope.parse(" Shared ")).isEqualTo(FileScope.SHARED);
        assertThat(FileScope.parse("owned")).isEqualTo(FileScope.OWNED);
        assertThatThrownBy(() -> FileScope.parse("mine"))
                .isInstanceOfSatisfying(
                        ApiException.class,
                        refused -> assertThat(refused.code()).isEqualTo("INVALID_SCOPE"));
    }

    private static PageRequest request(int limit, String sort, String cursor) {
        return PageRequest.parse(Integer.toString(limit), cursor, sort);
    }

    private UUID upload(UUID owner, String name, String text) {
        byte[] content = text.getBytes(StandardCharsets.UTF_8);
        return files.upload(
                        owner,
                        new FileService.SimpleUpload(
                                name,
                                false,
                                "text/plain",
                                content.length,
                                null,
                                FileService.Place.ROOT,
                                IfMatch.ABSENT),
                        new ByteArrayInputStream(content))
                .file()
                .fileId();
    }

    private void share(UUID grantee, String expiresAtSql) {
        jdbc.update(
                "insert into shares (file_id, grantee_id, permission, expires_at) values (?, ?, 'read', " + expiresAtSql
                        + ")",
                fileId,
                grantee);
    }

    private UUID user(String name) {
        UUID id = UUID.randomUUID();
        jdbc.update(
                "insert into users (id, username, password_hash, created_at) values (?, ?, ?, ?)",
                id,
                name,
                "{test}not-a-password-hash",
                Timestamp.from(Instant.now()));
        return id;
    }

    private int count(String table) {
        return jdbc.queryForObject("select count(*) from " + table, Integer.class);
    }
}
