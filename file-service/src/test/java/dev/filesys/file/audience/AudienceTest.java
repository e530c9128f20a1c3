package dev.filesys.file.audience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filesys.file.testsupport.FileServiceTest;
import dev.filesys.file.testsupport.TestDatabase;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Who can read an item, against the real schema: alice's tree {@code /a/b/c/report.pdf} with shares on the file and on
 * folders above it, written as rows so this depends on no feature's endpoints.
 */
@FileServiceTest
class AudienceTest {

    @Autowired
    DataSource dataSource;

    @Autowired
    Audience audience;

    JdbcTemplate jdbc;
    UUID alice;
    UUID bob;
    UUID carol;
    UUID dave;
    UUID erin;
    UUID root;
    UUID a;
    UUID b;
    UUID c;
    UUID sibling;
    UUID file;

    @BeforeEach
    void setUp() {
        TestDatabase.clear(dataSource);
        jdbc = new JdbcTemplate(dataSource);
        alice = user("alice");
        bob = user("bob");
        carol = user("carol");
        dave = user("dave");
        erin = user("erin");
        root = jdbc.queryForObject(
                "SELECT id FROM folders WHERE owner_id = ? AND parent_id IS NULL", UUID.class, alice);
        a = folder(root, "a");
        b = folder(a, "b");
        c = folder(b, "c");
        sibling = folder(a, "sibling");
        jdbc.update("INSERT INTO blobs (sha256, size, crc32c) VALUES (repeat('a', 64), 1, 0)");
        file = UUID.randomUUID();
        jdbc.update(
                "INSERT INTO files (id, owner_id, folder_id, name, blob_sha256, content_type, created_at, updated_at)"
                        + " VALUES (?, ?, ?, 'report.pdf', repeat('a', 64), 'application/pdf', now(), now())",
                file,
                alice,
                c);
    }

    @Test
    void theOwnerAloneReadsAnUnsharedItem() {
        assertThat(audience.ofFile(file)).containsExactly(alice);
        assertThat(audience.ofFolder(c)).containsExactly(alice);
        assertThat(audience.ofFolder(root)).containsExactly(alice);
    }

    @Test
    void theFilesShareesAndTheShareesOfEveryFolderAboveItReadIt() {
        jdbc.update("INSERT INTO shares (file_id, grantee_id, permission) VALUES (?, ?, 'read')", file, bob);
        folderShare(a, carol, "now() + interval '1 day'");
        folderShare(b, dave, "NULL");
        folderShare(sibling, erin, "NULL");
        folderShare(c, bob, "NULL");

        assertThat(audience.ofFile(file)).first().isEqualTo(alice);
        assertThat(audience.ofFile(file)).containsExactlyInAnyOrder(alice, bob, carol, dave);
        assertThat(audience.ofFolder(b)).containsExactlyInAnyOrder(alice, carol, dave);
        assertThat(audience.ofFolder(a)).containsExactlyInAnyOrder(alice, carol);
        assertThat(audience.ofFolder(sibling)).containsExactlyInAnyOrder(alice, carol, erin);
    }

    @Test
    void anExpiredShareGrantsNothing() {
        jdbc.update(
                "INSERT INTO shares (file_id, grantee_id, permission, expires_at)"
                        + " VALUES (?, ?, 'read', now() - interval '1 second')",
                file,
                bob);
        folderShare(a, carol, "now() - interval '1 second'");
        folderShare(b, dave, "now() + interval '1 minute'");

        assertThat(audience.ofFile(file)).containsExactly(alice, dave);
    }

    @Test
    void aMoveOutOfTheSharedFolderEndsTheFolderShareesReading() {
        folderShare(b, carol, "NULL");
        assertThat(audience.ofFile(file)).containsExactly(alice, carol);

        jdbc.update("UPDATE files SET folder_id = ? WHERE id = ?", sibling, file);

        assertThat(audience.ofFile(file)).containsExactly(alice);
    }

    @Test
    void shareesReadNothingInTheTrash() {
        jdbc.update("INSERT INTO shares (file_id, grantee_id, permission) VALUES (?, ?, 'read')", file, bob);
        folderShare(a, carol, "NULL");
        jdbc.update("UPDATE folders SET trashed_at = now(), trash_root_id = ? WHERE id IN (?, ?)", b, b, c);
        jdbc.update("UPDATE files SET trashed_at = now(), trash_root_id = ? WHERE id = ?", b, file);

        assertThat(audience.ofFile(file)).containsExactly(alice);
        assertThat(audience.ofFolder(c)).containsExactly(alice);
        assertThat(audience.ofFolder(a)).containsExactly(alice, carol);
    }

    @Test
    void nobodyReadsWhatDoesNotExist() {
        assertThat(audience.ofFile(UUID.randomUUID())).isEmpty();
        assertThat(audience.ofFolder(UUID.randomUUID())).isEmpty();
        assertThat(audience.ofFile(c)).as("a folder's id is no file's").isEmpty();
    }

    private UUID user(String name) {
        UUID id = UUID.randomUUID();
        jdbc.update(
                "INSERT INTO users (id, username, password_hash, created_at) VALUES (?, ?, '{test}x', now())",
                id,
                name);
        return id;
    }

    private UUID folder(UUID parent, String name) {
        UUID id = UUID.randomUUID();
        jdbc.update("INSERT INTO folders (id, owner_id, parent_id, name) VALUES (?, ?, ?, ?)", id, alice, parent, name);
        return id;
    }

    private void folderShare(UUID folder, UUID grantee, String expiresAtSql) {
        jdbc.update(
                "INSERT INTO folder_shares (folder_id, grantee_id, permission, expires_at) VALUES (?, ?, 'read', "
                        + expiresAtSql + ")",
                folder,
                grantee);
    }
}
