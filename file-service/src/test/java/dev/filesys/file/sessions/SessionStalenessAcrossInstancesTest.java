package dev.filesys.file.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.filesys.file.FileServiceProperties;
import dev.filesys.file.testsupport.RunningFileService;
import dev.filesys.file.testsupport.TestClient.Response;
import dev.filesys.file.testsupport.TestDatabase;
import dev.filesys.file.testsupport.TestSessions.LoggedIn;
import dev.filesys.file.testsupport.TwoInstances;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The staleness bound of sessions and files served from memory, with two file-services on one PostgreSQL. A logout, a
 * session close, an unshare, a delete or new content on instance A is seen by reads on instance B within the
 * documented bound (1 s), through the announcement of the change: B re-reads a session or a file only every minute
 * here, so nothing but the announcement can make it notice in time. And a
 * change nobody announces (a row changed behind the services' backs, as a lost notification would leave it) is
 * noticed within the bound by the instance that re-reads every second, the default.
 */
class SessionStalenessAcrossInstancesTest {

    /** The bound written in docs/file-service-sessions.md: {@code filesys.sessions.max-staleness}'s default. */
    private static final Duration BOUND = Duration.ofSeconds(1);
    /** What the machine may add to it: a loaded test JVM, the HTTP round trips of the polls. */
    private static final Duration MARGIN = Duration.ofMillis(500);

    private static final byte[] CONTENT = "a small file, read again and again".getBytes(StandardCharsets.UTF_8);

    /** B re-reads a session or a file only every minute: only the announcement of a change can make it notice. */
    @RegisterExtension
    static final TwoInstances INSTANCES = TwoInstances.with().andOnB("--filesys.sessions.max-staleness=1m");

    private final RunningFileService a = INSTANCES.a();
    private final RunningFileService b = INSTANCES.b();

    LoggedIn alice;
    LoggedIn bob;
    String fileId;

    @BeforeEach
    void aliceSharesAFileWithBob() {
        assertThat(b.bean(FileServiceProperties.class).sessions().maxStaleness())
                .as("the premise: B does not re-read on its own in time")
                .isEqualTo(Duration.ofMinutes(1));
        TestDatabase.clear(a.dataSource());
        alice = a.user("alice");
        bob = a.user("bob");
        fileId = a.upload(alice.token(), "notes.txt", CONTENT);
        a.share(alice.token(), fileId, "bob").expect(201);
        // both instances listen (nothing is served from memory before), and B has the sessions in memory
        await().atMost(Duration.ofSeconds(10)).until(() -> listening(a) && listening(b));
        assertThat(b.transfers().download(alice.token(), fileId).expect(200).body())
                .isEqualTo(CONTENT);
        assertThat(b.transfers().download(bob.token(), fileId).expect(200).body())
                .isEqualTo(CONTENT);
    }

    @Test
    void aLogoutOnOneInstanceStopsReadsOnTheOtherWithinTheBound() {
        a.api().post("/api/v1/logout", alice.token(), null).expect(204);

        await("alice's reads on B refused")
                .atMost(BOUND.plus(MARGIN))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> b.transfers().download(alice.token(), fileId).status() == 401);
        Response refused = b.api().get("/api/v1/files/" + fileId + "/content", alice.token());
        assertThat(refused.status()).as(refused.body()).isEqualTo(401);
        assertThat(refused.code()).isEqualTo("NOT_LOGGED_IN");
    }

    @Test
    void closingTheSessionOnOneInstanceStopsReadsOnTheOtherWithinTheBound() {
        a.api().delete("/api/v1/sessions/current", alice.token()).expect(204);

        await("alice's reads on B refused")
                .atMost(BOUND.plus(MARGIN))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> b.transfers().download(alice.token(), fileId).status() == 401);
        assertThat(b.api().get("/api/v1/me", alice.token()).code()).isEqualTo("SESSION_EXPIRED");
    }

    @Test
    void anUnshareOnOneInstanceStopsTheRecipientsDownloadOnTheOtherWithinTheBound() {
        a.unshare(alice.token(), fileId, "bob").expect(204);

        await("bob's download on B refused")
                .atMost(BOUND.plus(MARGIN))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> b.transfers().download(bob.token(), fileId).status() == 404);
        assertThat(b.api()
                        .get("/api/v1/files/" + fileId + "/content", bob.token())
                        .code())
                .isEqualTo("FILE_NOT_FOUND");
        assertThat(b.transfers().download(alice.token(), fileId).expect(200).body())
                .isEqualTo(CONTENT);
    }

    @Test
    void aDeleteOnOneInstanceStopsTheRecipientsDownloadOnTheOtherWithinTheBound() {
        a.delete(alice.token(), fileId).expect(204);

        await("bob's download on B refused")
                .atMost(BOUND.plus(MARGIN))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> b.transfers().download(bob.token(), fileId).status() == 404);
        assertThat(b.transfers().download(alice.token(), fileId).status()).isEqualTo(404);
    }

    @Test
    void newContentStoredThroughOneInstanceIsServedByTheOtherWithinTheBound() {
        byte[] newer = "the same file, written again".getBytes(StandardCharsets.UTF_8);
        a.transfers()
                .upload(alice.token(), "name=notes.txt&overwrite=true", BodyPublishers.ofByteArray(newer))
                .expect(200);

        await("the new content from B")
                .atMost(BOUND.plus(MARGIN))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> Arrays.equals(
                        b.transfers().download(bob.token(), fileId).expect(200).body(), newer));
        assertThat(a.transfers().download(alice.token(), fileId).expect(200).body())
                .as("the instance that stored it serves it from the next request on")
                .isEqualTo(newer);
    }

    @Test
    void aChangeNobodyAnnouncesIsSeenWithinTheBound() {
        assertThat(a.transfers().download(alice.token(), fileId).expect(200).body())
                .isEqualTo(CONTENT);
        JdbcTemplate jdbc = new JdbcTemplate(a.dataSource());

        // logged out behind the services' backs: no event says so
        jdbc.update("update sessions set user_id = null where user_id = ?", alice.userId());

        assertThat(b.transfers().download(alice.token(), fileId).status())
                .as("B, which re-reads a session only every minute, still answers from memory")
                .isEqualTo(200);
        await("alice's reads on A, which re-reads every second, refused")
                .atMost(BOUND.plus(MARGIN))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> a.transfers().download(alice.token(), fileId).status() == 401);
    }

    private static boolean listening(RunningFileService instance) {
        return instance.bean(SessionCache.class).listening();
    }
}
