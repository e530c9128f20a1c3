package dev.filesys.file.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.filesys.file.testsupport.EventStreamClient;
import dev.filesys.file.testsupport.RunningFileService;
import dev.filesys.file.testsupport.StubBalancer;
import dev.filesys.file.testsupport.TestClient.Response;
import dev.filesys.file.testsupport.TestDatabase;
import dev.filesys.file.testsupport.TestSessions.LoggedIn;
import dev.filesys.file.testsupport.TwoInstances;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two file-services on one PostgreSQL: an admin disabling or deleting a user on one instance ends that user's sessions
 * on the other at once (their very next request there is refused, no waiting), and their event stream there ends.
 */
class AdminActionsAcrossInstancesTest {

    @RegisterExtension
    static final TwoInstances INSTANCES = TwoInstances.with(
            "--filesys.events.keep-alive=300ms",
            "--filesys.events.session-check-interval=300ms",
            // "at once" (the very next request, no waiting) holds only when every request reads its session from the
            // database; with sessions served from memory the bound is filesys.sessions.max-staleness, which
            // SessionStalenessAcrossInstancesTest holds the instances to
            "--filesys.sessions.max-staleness=0s");

    private final RunningFileService a = INSTANCES.a();
    private final RunningFileService b = INSTANCES.b();

    LoggedIn alice;
    LoggedIn bob;

    @BeforeEach
    void aliceIsAnAdminOnAAndBobWorksOnB() {
        TestDatabase.clear(a.dataSource());
        alice = a.user("alice");
        a.api()
                .put("/internal/v1/admins/alice", StubBalancer.CLUSTER_TOKEN, null)
                .expect(200);
        bob = b.user("bob");
        b.upload(bob.token(), "notes.txt", "bob's notes".getBytes());
    }

    @Test
    void disablingOnOneInstanceEndsTheSessionOnTheOtherAtOnce() {
        try (EventStreamClient stream = b.events(bob.token())) {
            await().atMost(Duration.ofSeconds(10)).until(stream::opened);

            a.api().post("/api/v1/admin/users/bob/disable", alice.token(), null).expect(200);

            assertExpired(b.api().get("/api/v1/me", bob.token()));
            assertExpired(b.transfers().upload(bob.token(), "more.txt", "refused".getBytes()));
            await("bob's stream on the other instance ends")
                    .atMost(Duration.ofSeconds(5))
                    .until(stream::finished);
        }
        a.api().post("/api/v1/admin/users/bob/enable", alice.token(), null).expect(200);
        assertExpired(b.api().get("/api/v1/me", bob.token()));
    }

    @Test
    void deletingOnOneInstanceEndsTheSessionOnTheOtherAtOnce() {
        try (EventStreamClient stream = b.events(bob.token())) {
            await().atMost(Duration.ofSeconds(10)).until(stream::opened);

            a.api().delete("/api/v1/admin/users/bob", alice.token()).expect(204);

            assertGone(b.api().get("/api/v1/me", bob.token()));
            assertGone(b.api().get("/api/v1/files", bob.token()));
            assertGone(b.transfers().upload(bob.token(), "more.txt", "refused".getBytes()));
            await("bob's stream on the other instance ends")
                    .atMost(Duration.ofSeconds(5))
                    .until(stream::finished);
        }
    }

    /** A closed session (the user was disabled). */
    private static void assertExpired(Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(401);
        assertThat(response.code()).isEqualTo("SESSION_EXPIRED");
    }

    /** A session that is gone with its user. */
    private static void assertGone(Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(401);
        assertThat(response.code()).isEqualTo("SESSION_REQUIRED");
    }
}
