package dev.filesys.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filesys.api.client.balancer.AssignmentsApi;
import dev.filesys.api.client.balancer.model.Assignment;
import dev.filesys.api.client.files.AccountsApi;
import dev.filesys.api.client.files.FilesApi;
import dev.filesys.api.client.files.SessionsApi;
import dev.filesys.api.client.files.SharesApi;
import dev.filesys.api.client.files.invoker.ApiClient;
import dev.filesys.api.client.files.model.AckRequest;
import dev.filesys.api.client.files.model.CreateSessionRequest;
import dev.filesys.api.client.files.model.CredentialsRequest;
import dev.filesys.api.client.files.model.FileView;
import dev.filesys.api.client.files.model.HandshakeResponse;
import dev.filesys.api.client.files.model.ShareRequest;
import dev.filesys.api.client.files.model.ShareView;
import java.io.File;
import java.io.FileNotFoundException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Against the launched system: the OpenAPI documents the services serve are the ones committed under {@code
 * docs/openapi/} (from which the client used here is generated at build time), and that client runs the flow a user
 * does: register, upload, share, and download as the other user.
 */
class LaunchedApiTest {

    @TempDir
    static Path work;

    private static LaunchedSystem system;
    /** Each connected client's session token. */
    private final Map<ApiClient, String> tokens = new IdentityHashMap<>();

    @BeforeAll
    static void launch() throws Exception {
        system = LaunchedSystem.start(work);
    }

    @AfterAll
    static void stop() throws Exception {
        if (system != null) {
            system.close();
        }
    }

    /**
     * A changed API changes the committed document in the same commit. With {@code -Dfilesys.openapi.refresh=true}
     * the test writes the served documents over the committed ones instead of comparing them.
     */
    @Test
    void servedDocumentsAreTheCommittedOnes() throws Exception {
        JsonNode fileService = OpenApiDocuments.served(system.fileServiceUrl);
        JsonNode balancer = OpenApiDocuments.served(system.balancerUrl);
        if (Boolean.getBoolean("filesys.openapi.refresh")) {
            OpenApiDocuments.write(OpenApiDocuments.FILE_SERVICE, fileService);
            OpenApiDocuments.write(OpenApiDocuments.BALANCER, balancer);
        }
        assertThat(OpenApiDocuments.differences(OpenApiDocuments.committed(OpenApiDocuments.FILE_SERVICE), fileService))
                .as(
                        "the file-service serves another OpenAPI document than %s; refresh it with\n  %s",
                        OpenApiDocuments.FILE_SERVICE, OpenApiDocuments.REFRESH)
                .isEmpty();
        assertThat(OpenApiDocuments.differences(OpenApiDocuments.committed(OpenApiDocuments.BALANCER), balancer))
                .as(
                        "the balancer serves another OpenAPI document than %s; refresh it with\n  %s",
                        OpenApiDocuments.BALANCER, OpenApiDocuments.REFRESH)
                .isEmpty();
    }

    /**
     * register → upload → share → download as the other user, each step an operation of the generated client, each
     * user on the file-service the balancer assigned with a session from the handshake.
     */
    @Test
    void theGeneratedClientRunsRegisterUploadShareDownload() throws Exception {
        String run = Long.toString(System.nanoTime() % 1_000_000);
        ApiClient alice = connect();
        ApiClient bob = connect();
        new AccountsApi(alice)
                .registerUser(new CredentialsRequest().username("alice" + run).password("correct horse battery"));
        new AccountsApi(bob)
                .registerUser(new CredentialsRequest().username("bob" + run).password("staple battery horse"));

        byte[] content = new byte[256 * 1024];
        new Random(19).nextBytes(content);
        Path report = Files.write(work.resolve("report.bin"), content);
        // openapi-generator's java.net.http client writes a binary body as JSON; this sends the file's bytes instead
        alice.setRequestInterceptor(withBearer(alice, report));
        FileView uploaded =
                new FilesApi(alice).uploadFile("report.bin", report.toFile(), null, null, null, false, null);
        alice.setRequestInterceptor(withBearer(alice, null));
        assertThat(uploaded.getName()).isEqualTo("report.bin");
        assertThat(uploaded.getSize()).isEqualTo(content.length);
        assertThat(uploaded.getAccess()).isEqualTo(FileView.AccessEnum.OWNER);

        ShareView share = new SharesApi(alice)
                .shareFile(
                        uploaded.getFileId().toString(),
                        "bob" + run,
                        new ShareRequest().permission(ShareRequest.PermissionEnum.READ));
        assertThat(share.getUsername()).isEqualTo("bob" + run);

        File downloaded = new FilesApi(bob).downloadFile(uploaded.getFileId().toString(), null, null, null);
        assertThat(Files.readAllBytes(downloaded.toPath())).isEqualTo(content);
        Files.deleteIfExists(downloaded.toPath());
    }

    /** An assignment from the balancer, then the three-way handshake: a client for the assigned file-service. */
    private ApiClient connect() throws Exception {
        dev.filesys.api.client.balancer.invoker.ApiClient balancer =
                new dev.filesys.api.client.balancer.invoker.ApiClient();
        balancer.updateBaseUri(system.balancerUrl);
        Assignment assignment = new AssignmentsApi(balancer).assignServer(null);

        ApiClient client = new ApiClient();
        client.updateBaseUri(assignment.getServerUrl());
        SessionsApi sessions = new SessionsApi(client);
        HandshakeResponse handshake =
                sessions.beginSession(new CreateSessionRequest().authCode(assignment.getAuthCode()));
        String token = sessions.acknowledgeSession(
                        handshake.getSessionId(), new AckRequest().serverNonce(handshake.getServerNonce()))
                .getSessionToken();
        tokens.put(client, token);
        client.setRequestInterceptor(withBearer(client, null));
        return client;
    }

    /** Sends the client's session token, and with a body the bytes of that file as the request's body. */
    private Consumer<HttpRequest.Builder> withBearer(ApiClient client, Path body) {
        String token = tokens.get(client);
        return request -> {
            request.setHeader("Authorization", "Bearer " + token);
            if (body != null) {
                try {
                    request.POST(HttpRequest.BodyPublishers.ofFile(body));
                } catch (FileNotFoundException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }
}
