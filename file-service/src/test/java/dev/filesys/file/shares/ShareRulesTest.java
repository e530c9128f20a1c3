package dev.filesys.file.shares;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.filesys.file.files.FileNotFound;
import dev.filesys.file.files.FileService;
import dev.filesys.file.files.NotOwner;
import dev.filesys.file.testsupport.FileServiceTest;
import dev.filesys.file.testsupport.TestDatabase;
import dev.filesys.support.ApiException;
import dev.filesys.support.IfMatch;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

/**
 * {@link ShareService} called directly against the real database: who may grant and revoke, which permissions and
 * expiries are accepted, what each grant and revocation announces, and the tidying of expired shares.
 */
@FileServiceTest
@RecordApplicationEvents
class ShareRulesTest {

    @Autowired
    DataSource dataSource;

    @Autowired
    ShareService shares;

    @Autowired
    FileService files;

    @Autowired
    ApplicationEvents events;

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
        byte[] content = "hello".getBytes(StandardCharsets.UTF_8);
        fileId = files.upload(
                        alice,
                        new FileService.SimpleUpload(
                                "notes.txt",
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

    @Test
    void aShareIsReadWhateverThePermissionsSpellingAndAnythingElseIsRefused() {
        ShareService.Granted first = shares.share(alice, fileId, "bob", null, null);
        assertThat(first.created()).isTrue();
        assertThat(first.share().permission()).isEqualTo("read");
        assertThat(first.share().username()).isEqualTo("bob");
        assertThat(first.share().fileId()).isEqualTo(fileId);
        assertThat(first.share().createdAt()).isNotNull();

        ShareService.Granted again = shares.share(alice, fileId, "BOB", " Read ", null);
        assertThat(again.created()).isFalse();
        assertThat(again.share().permission()).isEqualTo("read");
        assertThat(again.share().username()).isEqualTo("bob");

        assertThatThrownBy(() -> shares.share(alice, fileId, "bob", "write", null))
                .isInstanceOfSatisfying(
                        ApiException.class,
                        refused -> assertThat(refused.code()).isEqualTo("INVALID_PERMISSION"));
        assertThat(jdbc.queryForObject("select permission from shares", String.class))
                .isEqualTo("read");
    }

    @Test
    void anExpiryMustBeInTheFutureAndIsKept() {
        assertThatThrownBy(() ->
                        shares.share(alice, fileId, "bob", "read", Instant.now().minusSeconds(1)))
                .isInstanceOfSatisfying(
                        ApiException.class,
                        refused -> assertThat(refused.code()).isEqualTo("INVALID_EXPIRY"));
        assertThat(count("shares")).isZero();

        Instant until = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.MILLIS);
        ShareService.Granted granted = shares.share(alice, fileId, "bob", "read", until);

        assertThat(granted.share().expiresAt()).isEqualTo(until);
        assertThat(jdbc.queryForObject("select expires_at from shares", Timestamp.class)
                        .toInstant())
                .isEqualTo(until);
    }

    @Test
    void onlyTheOwnerSharesAndNotWithThemselvesNorWithNobody() {
        shares.share(alice, fileId, "bob", null, null);

        assertThatThrownBy(() -> shares.share(bob, fileId, "carol", null, null)).isInstanceOf(NotOwner.class);
        assertThatThrownBy(() -> shares.share(carol, fileId, "bob", null, null)).isInstanceOf(FileNotFound.class);
        assertThatThrownBy(() -> shares.share(alice, fileId, "alice", null, null))
                .isInstanceOf(CannotShareWithSelf.class);
        assertThatThrownBy(() -> shares.share(alice, fileId, "nobody", null, null))
                .isInstanceOf(UserNotFound.class);
        assertThatThrownBy(() -> shares.unshare(bob, fileId, "bob")).isInstanceOf(NotOwner.class);
        assertThatThrownBy(() -> shares.unshare(carol, fileId, "bob")).isInstanceOf(FileNotFound.class);
        assertThat(count("shares")).isEqualTo(1);
    }

    @Test
    void grantsAreAnnouncedAsNewOrChanged() {
        Instant until = Instant.now().plus(Duration.ofDays(1));
        shares.share(alice, fileId, "Bob", null, null);
        shares.share(alice, fileId, "bob", "read", until);

        Instant stored = until.truncatedTo(ChronoUnit.MICROS);
        assertThat(events.stream(FileShared.class).toList())
                .as("the event announces the expiry as stored, to the microsecond")
                .containsExactly(
                        new FileShared(fileId, "notes.txt", alice, "alice", bob, "bob", "read", null, true),
                        new FileShared(fileId, "notes.txt", alice, "alice", bob, "bob", "read", stored, false));
    }

    @Test
    void revokingAnnouncesOnlyTheEndOfRealAccess() {
        shares.share(alice, fileId, "bob", null, null);
        shares.share(alice, fileId, "carol", null, null);
        jdbc.update("update shares set expires_at = now() - interval '1 hour' where grantee_id = ?", carol);

        shares.unshare(alice, fileId, "BOB");
        shares.unshare(alice, fileId, "carol");
        shares.unshare(alice, fileId, "nobody");
        shares.unshare(alice, fileId, "bob");

        assertThat(events.stream(FileUnshared.class).toList())
                .containsExactly(new FileUnshared(fileId, "notes.txt", alice, "alice", bob, "bob"));
        assertThat(count("shares")).isZero();
    }

    @Test
    void tidyingRemovesOnlySharesThatExpiredBeforeTheCutoff() {
        shares.share(alice, fileId, "bob", null, null);
        shares.share(alice, fileId, "carol", null, null);
        UUID dave = user("dave");
        shares.share(alice, fileId, "dave", null, null);
        jdbc.update("update shares set expires_at = now() - interval '2 hours' where grantee_id = ?", bob);
        jdbc.update("update shares set expires_at = now() - interval '30 minutes' where grantee_id = ?", carol);

        int removed = shares.removeExpiredBefore(Instant.now().minus(Duration.ofHours(1)));

        assertThat(removed).isEqualTo(1);
        assertThat(jdbc.queryForList("select grantee_id from shares", UUID.class))
                .containsExactlyInAnyOrder(carol, dave);
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
