package dev.filesys.file.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.filesys.file.testsupport.EventStreamClient;
import dev.filesys.file.testsupport.RunningFileService;
import dev.filesys.file.testsupport.TestSessions.LoggedIn;
import io.micrometer.core.instrument.MeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A PostgreSQL of its own, really stopped and started again on the same port and data directory, under two
 * file-services: their listeners reconnect, the events committed while one of them was still away are delivered by
 * its catch-up, live delivery resumes, and an instance shutting down ends its open streams rather than wait for them.
 */
class ListenerSurvivesDatabaseRestartTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    static Path dataDirectory;
    static int port;
    static EmbeddedPostgres postgres;
    static RunningFileService a;
    static RunningFileService b;

    @BeforeAll
    static void start() throws IOException {
        dataDirectory = Files.createTempDirectory("filesys-restart-pg");
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        postgres = startPostgres();
        Path sharedBlobs = Files.createTempDirectory("filesys-restart-blobs");
        String[] settings = {
            "--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + port + "/postgres",
            "--spring.datasource.username=postgres",
            "--spring.datasource.password=",
            "--spring.datasource.hikari.connection-timeout=2000",
            "--filesys.storage.root=" + sharedBlobs,
            "--filesys.sweeper.enabled=false",
            "--filesys.events.keep-alive=500ms",
            "--filesys.events.session-check-interval=500ms",
            "--filesys.events.reconnect-min-backoff=100ms",
            "--filesys.events.reconnect-max-backoff=500ms",
            "--filesys.events.listener-ping=1s"
        };
        a = RunningFileService.start("file-a", settings);
        b = RunningFileService.start("file-b", settings);
    }

    @AfterAll
    static void stop() throws IOException {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void listenersReconnectAfterARestartCatchUpAndDeliverLiveAgainUntilShutdown() throws IOException {
        LoggedIn alice = a.user("alice");
        LoggedIn bob = b.user("bob");
        String before = a.upload(alice.token(), "before.txt", "before".getBytes());
        String during = a.upload(alice.token(), "during.txt", "during".getBytes());
        String after = a.upload(alice.token(), "after.txt", "after".getBytes());
        NotificationReceiver listenerA = a.bean(NotificationReceiver.class);
        NotificationReceiver listenerB = b.bean(NotificationReceiver.class);
        double reconnectsBefore = reconnects(b);

        try (EventStreamClient bobs = b.events(bob.token())) {
            await().atMost(PATIENCE).until(bobs::opened);
            a.share(alice.token(), before, "bob").expect(201);
            await().atMost(PATIENCE).until(() -> bobs.events().size() == 1);

            // B's listener may not reconnect until the test lets it, so a change lands while it is away
            b.bean(EventFailpoints.class).arm(EventFailpoints.Point.BEFORE_LISTEN, () -> {
                throw new IllegalStateException("held off by the test");
            });
            postgres.close();
            await().atMost(PATIENCE).until(() -> !listenerA.connected() && !listenerB.connected());
            postgres = startPostgres();
            await().atMost(PATIENCE).until(listenerA::connected);

            // the pool may need an attempt or two to replace its dead connections (a repeated share answers 200)
            await().atMost(PATIENCE)
                    .until(() -> a.share(alice.token(), during, "bob").status() / 100 == 2);
            assertThat(listenerB.connected()).isFalse();
            assertThat(bobs.events()).hasSize(1);

            b.bean(EventFailpoints.class).disarmAll();
            await().atMost(PATIENCE).until(listenerB::connected);
            await().atMost(PATIENCE).until(() -> delivered(bobs).contains(during));
            assertThat(reconnects(b)).isGreaterThan(reconnectsBefore);

            a.share(alice.token(), after, "bob").expect(201);
            await().atMost(Duration.ofSeconds(1)).until(() -> delivered(bobs).contains(after));
            assertThat(delivered(bobs)).startsWith(before).contains(during).endsWith(after);
            assertThat(bobs.finished())
                    .as("the stream outlived the database restart")
                    .isFalse();

            // an open stream does not hold up the instance's graceful shutdown: it is ended first
            long shutdownStarted = System.nanoTime();
            b.close();
            b = null;
            assertThat(Duration.ofNanos(System.nanoTime() - shutdownStarted)).isLessThan(Duration.ofSeconds(15));
            await().atMost(PATIENCE).until(bobs::finished);
            assertThat(bobs.events().getLast().type()).isEqualTo("end");
            assertThat(bobs.events().getLast().field("reason")).isEqualTo("server_shutdown");
        } finally {
            if (b != null) {
                b.bean(EventFailpoints.class).disarmAll();
            }
        }
    }

    private static List<String> delivered(EventStreamClient stream) {
        return stream.events().stream().map(event -> event.field("fileId")).toList();
    }

    private static double reconnects(RunningFileService instance) {
        return instance.bean(MeterRegistry.class)
                .get("filesys.events.listener.reconnects")
                .counter()
                .count();
    }

    private static EmbeddedPostgres startPostgres() throws IOException {
        return EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setOutputRedirector(ProcessBuilder.Redirect.DISCARD)
                .start();
    }
}
