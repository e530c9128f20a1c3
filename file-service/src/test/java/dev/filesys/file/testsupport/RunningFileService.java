package dev.filesys.file.testsupport;

import dev.filesys.file.FileServiceApplication;
import java.net.http.HttpRequest.BodyPublishers;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A file-service started in this JVM on a random port (through {@link FileServiceTestInitializer}), with clients for
 * it and one-liners for the file and share calls; for tests that run several instances side by side.
 */
public final class RunningFileService implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final String serverId;
    private final TestClient api;
    private final TransferClient transfers;

    private RunningFileService(ConfigurableApplicationContext context, String serverId) {
        this.context = context;
        this.serverId = serverId;
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        this.api = TestClient.onPort(port);
        this.transfers = TransferClient.onPort(port);
    }

    /**
     * @param serverId its {@code filesys.server.id}
     * @param arguments more settings, as {@code --name=value}
     */
    public static RunningFileService start(String serverId, String... arguments) {
        List<String> all = new ArrayList<>(List.of("--server.port=0", "--filesys.server.id=" + serverId));
        all.addAll(List.of(arguments));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(FileServiceApplication.class)
                .initializers(new FileServiceTestInitializer())
                .registerShutdownHook(false)
                .run(all.toArray(String[]::new));
        return new RunningFileService(context, serverId);
    }

    public String serverId() {
        return serverId;
    }

    public String url() {
        return api.baseUrl();
    }

    public TestClient api() {
        return api;
    }

    public TransferClient transfers() {
        return transfers;
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public DataSource dataSource() {
        return context.getBean(DataSource.class);
    }

    /** A new user, logged in on a session of this instance (written to the database: no Argon2). */
    public TestSessions.LoggedIn user(String username) {
        return TestSessions.loggedIn(api, dataSource(), serverId, username);
    }

    /** Another session of an existing user, on this instance. */
    public TestSessions.Session sessionOf(TestSessions.LoggedIn user) {
        return TestSessions.loggedInAs(api, dataSource(), serverId, user.userId());
    }

    /** Uploads the bytes as {@code name}; fails unless it is stored. Returns the file's id. */
    public String upload(String token, String name, byte[] content) {
        return transfers.upload(token, name, content).expect(201).text("fileId");
    }

    public TestClient.Response share(String token, String fileId, String username) {
        return transfers.text(transfers.request(
                "PUT",
                "/api/v1/files/" + fileId + "/shares/" + username,
                token,
                BodyPublishers.ofString("{\"permission\":\"read\"}"),
                "Content-Type",
                "application/json"));
    }

    public TestClient.Response unshare(String token, String fileId, String username) {
        return api.delete("/api/v1/files/" + fileId + "/shares/" + username, token);
    }

    public TestClient.Response delete(String token, String fileId) {
        return api.delete("/api/v1/files/" + fileId, token);
    }

    /** Opens the caller's event stream on this instance. */
    public EventStreamClient events(String token) {
        return EventStreamClient.open(url(), token);
    }

    @Override
    public void close() {
        context.close();
    }
}
