package dev.filesys.file.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.filesys.file.blobs.BlobSweeping;
import dev.filesys.file.testsupport.AliceOnTheService;
import dev.filesys.file.testsupport.FileServiceTest;
import dev.filesys.file.testsupport.StubBalancer;
import dev.filesys.file.testsupport.TestClient.Response;
import dev.filesys.file.testsupport.TestSessions.LoggedIn;
import dev.filesys.file.testsupport.TestUsers;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.TestPropertySource;

/**
 * An admin deletes bob (or bob deletes himself) while bob uploads, with a simple PUT or the last PATCH of a resumable
 * upload: whichever commits first, nothing is left behind (no file, no upload, no chunk, no staged file, no blob row, no
 * bytes once the sweeper has run), and an upload that loses answers the {@code 401 SESSION_REQUIRED} every later
 * request with a deleted user's token gets.
 */
@FileServiceTest
@TestPropertySource(properties = {"filesys.sweeper.enabled=false", "filesys.sweeper.grace-period=0s"})
class AccountRemovalRaceTest extends AliceOnTheService {

    @Autowired
    UploadFailpoints failpoints;

    @Autowired
    ApplicationContext context;

    LoggedIn bob;
    final CountDownLatch reached = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void aliceIsAnAdminAndBobUploads() {
        api.put("/internal/v1/admins/alice", StubBalancer.CLUSTER_TOKEN, null).expect(200);
        bob = TestUsers.register(api, "bob");
        // bob has stored before: his usage row exists, so only the removal's lock on it orders the two
        transfers
                .upload(bob.token(), "earlier.bin", "bytes bob stored earlier".getBytes())
                .expect(201);
    }

    @AfterEach
    void disarm() {
        release.countDown();
        failpoints.disarmAll();
    }

    @Test
    void anUploadThatCommitsAfterTheRemovalLeavesNothing() throws Exception {
        failpoints.arm(UploadFailpoints.Point.AFTER_STAGING, this::pause);
        CompletableFuture<Response> upload = CompletableFuture.supplyAsync(
                () -> transfers.upload(bob.token(), "late.bin", "bytes of a late upload".getBytes()));
        assertThat(reached.await(30, TimeUnit.SECONDS)).isTrue();

        api.delete("/api/v1/admin/users/bob", alice.token()).expect(204);
        release.countDown();

        assertSessionGone(upload.get(30, TimeUnit.SECONDS));
        assertNothingLeftAfterALostUpload();
    }

    @Test
    void anUploadThatCommitsAfterTheUserDeletedThemselvesLeavesNothing() throws Exception {
        failpoints.arm(UploadFailpoints.Point.AFTER_STAGING, this::pause);
        CompletableFuture<Response> upload = CompletableFuture.supplyAsync(
                () -> transfers.upload(bob.token(), "late.bin", "bytes of a late upload".getBytes()));
        assertThat(reached.await(30, TimeUnit.SECONDS)).isTrue();

        api.delete("/api/v1/me", bob.token(), Map.of("password", TestUsers.PASSWORD))
                .expect(204);
        release.countDown();

        assertSessionGone(upload.get(30, TimeUnit.SECONDS));
        assertNothingLeftAfterALostUpload();
    }

    @Test
    void aResumableUploadCompletingAfterTheRemovalLeavesNothing() throws Exception {
        byte[] content = "the bytes of a resumable upload that completes too late".getBytes();
        String url = transfers
                .text(transfers.request(
                        "POST",
                        "/api/v1/uploads",
                        bob.token(),
                        null,
                        "Tus-Resumable",
                        "1.0.0",
                        "Upload-Length",
                        Integer.toString(content.length),
                        "Upload-Metadata",
                        "filename " + Base64.getEncoder().encodeToString("late.bin".getBytes())))
                .expect(201)
                .header("Location");
        failpoints.arm(UploadFailpoints.Point.AFTER_STAGING, this::pause);
        CompletableFuture<Response> last = CompletableFuture.supplyAsync(() -> transfers.text(transfers.request(
                "PATCH",
                url,
                bob.token(),
                HttpRequest.BodyPublishers.ofByteArray(content),
                "Tus-Resumable",
                "1.0.0",
                "Upload-Offset",
                "0",
                "Content-Type",
                "application/offset+octet-stream")));
        assertThat(reached.await(30, TimeUnit.SECONDS)).isTrue();

        api.delete("/api/v1/admin/users/bob", alice.token()).expect(204);
        release.countDown();

        assertSessionGone(last.get(30, TimeUnit.SECONDS));
        assertThat(storage.rows("uploads")).isZero();
        assertThat(storage.filesUnder("uploads")).as("chunks").isEmpty();
        assertNothingLeftAfterALostUpload();
    }

    @Test
    void anUploadThatCommitsBeforeTheRemovalGoesWithTheUser() throws Exception {
        failpoints.arm(UploadFailpoints.Point.AFTER_PUBLISH, this::pause);
        CompletableFuture<Response> upload = CompletableFuture.supplyAsync(
                () -> transfers.upload(bob.token(), "early.bin", "bytes of an early upload".getBytes()));
        assertThat(reached.await(30, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Response> removal =
                CompletableFuture.supplyAsync(() -> api.delete("/api/v1/admin/users/bob", alice.token()));
        // the removal waits for the lock the upload's commit holds on bob's usage
        await().atMost(Duration.ofSeconds(30))
                .until(() -> storage.jdbc()
                                .queryForObject(
                                        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                                                + " AND datname = current_database()",
                                        Long.class)
                        > 0);
        assertThat(removal).isNotDone();
        release.countDown();

        assertThat(upload.get(30, TimeUnit.SECONDS).status()).isEqualTo(201);
        assertThat(removal.get(30, TimeUnit.SECONDS).status()).isEqualTo(204);
        assertNothingOfBobsLeft();
        BlobSweeping.sweep(context);
        assertThat(storage.rows("blobs")).isZero();
        assertThat(storage.blobFiles()).isEmpty();
    }

    @Test
    void twoAdminsDeletingTheSameUserAtOnceGetOneDeletionAndOneNotFound() throws Exception {
        LoggedIn carol = TestUsers.register(api, "carol");
        api.put("/api/v1/admin/users/carol/role", alice.token(), Map.of("role", "admin"))
                .expect(200);
        CompletableFuture<Response> first;
        CompletableFuture<Response> second;
        // both removals wait on bob's usage row, held here, so neither starts before the other has looked bob up
        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            try (Statement statement = holder.createStatement()) {
                statement.execute(
                        "SELECT used_bytes FROM storage_usage WHERE user_id = '" + bob.userId() + "' FOR UPDATE");
            }
            first = CompletableFuture.supplyAsync(() -> api.delete("/api/v1/admin/users/bob", alice.token()));
            second = CompletableFuture.supplyAsync(() -> api.delete("/api/v1/admin/users/bob", carol.token()));
            await().atMost(Duration.ofSeconds(30)).until(() -> lockWaits() == 2);
            holder.rollback();
        }

        List<Integer> statuses = List.of(
                first.get(30, TimeUnit.SECONDS).status(),
                second.get(30, TimeUnit.SECONDS).status());
        assertThat(statuses).containsExactlyInAnyOrder(204, 404);
        Response notFound = first.get().status() == 404 ? first.get() : second.get();
        assertThat(notFound.code()).isEqualTo("USER_NOT_FOUND");
        assertNothingOfBobsLeft();
    }

    private long lockWaits() {
        return storage.jdbc()
                .queryForObject(
                        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                                + " AND datname = current_database()",
                        Long.class);
    }

    private void pause() {
        reached.countDown();
        try {
            release.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void assertSessionGone(Response lost) {
        assertThat(lost.status()).as(lost.body()).isEqualTo(401);
        assertThat(lost.code()).isEqualTo("SESSION_REQUIRED");
    }

    private void assertNothingLeftAfterALostUpload() {
        assertNothingOfBobsLeft();
        assertThat(storage.filesUnder("tmp")).as("staged files").isEmpty();
        BlobSweeping.sweep(context);
        assertThat(storage.rows("blobs")).isZero();
        assertThat(storage.blobFiles()).isEmpty();
    }

    private void assertNothingOfBobsLeft() {
        assertThat(storage.rows("files")).isZero();
        assertThat(storage.jdbc().queryForObject("SELECT count(*) FROM users WHERE username = 'bob'", Long.class))
                .isZero();
        assertThat(storage.jdbc()
                        .queryForObject(
                                "SELECT count(*) FROM storage_usage WHERE user_id NOT IN (SELECT id FROM users)",
                                Long.class))
                .isZero();
    }
}
