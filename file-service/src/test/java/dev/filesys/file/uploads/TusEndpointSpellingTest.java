package dev.filesys.file.uploads;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filesys.file.testsupport.AliceOnTheService;
import dev.filesys.file.testsupport.FileServiceTest;
import dev.filesys.file.testsupport.GeneratedContent;
import dev.filesys.file.testsupport.TestClient.Response;
import io.tus.java.client.TusClient;
import io.tus.java.client.TusUpload;
import io.tus.java.client.TusUploader;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * tus clients are configured with the endpoint spelled with a trailing slash or without (tusd's default is
 * {@code /files/}): both work, for discovery, creation and the version check, and with the real tus-java-client; the
 * API description lists the endpoint once.
 */
@FileServiceTest
@TestPropertySource(properties = "filesys.sweeper.enabled=false")
class TusEndpointSpellingTest extends AliceOnTheService {

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/uploads", "/api/v1/uploads/"})
    void discoveryCreationAndTheVersionCheckAnswerAtEitherSpelling(String endpoint) {
        Response options = transfers.send("OPTIONS", endpoint, null);
        assertThat(options.status()).isEqualTo(204);
        assertThat(options.header("Tus-Version")).isEqualTo("1.0.0");
        assertThat(options.header("Tus-Extension")).contains("creation");

        Response created = transfers.send(
                "POST",
                endpoint,
                alice.token(),
                "Tus-Resumable",
                "1.0.0",
                "Upload-Length",
                "0",
                "Upload-Metadata",
                "filename ZW1wdHkudHh0"); // empty.txt
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Location")).startsWith("http://127.0.0.1:" + port + "/api/v1/uploads/");
        assertThat(created.header("Location")).doesNotContain("uploads//");

        Response wrongVersion = transfers.send("POST", endpoint, alice.token(), "Upload-Length", "0");
        assertThat(wrongVersion.status()).isEqualTo(412);
        assertThat(wrongVersion.code()).isEqualTo("TUS_VERSION_UNSUPPORTED");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/uploads", "/api/v1/uploads/"})
    void theJavaTusClientUploadsThroughEitherSpelling(String endpoint) throws Exception {
        GeneratedContent content = new GeneratedContent(1024 * 1024 + 17, 19);
        TusClient client = new TusClient();
        client.setUploadCreationURL(
                URI.create("http://127.0.0.1:" + port + endpoint).toURL());
        client.setHeaders(Map.of("Authorization", "Bearer " + alice.token()));
        TusUpload upload = new TusUpload();
        upload.setInputStream(content.stream());
        upload.setSize(content.length());
        upload.setMetadata(Map.of("filename", "via-tus.bin"));

        TusUploader uploader = client.createUpload(upload);
        uploader.setChunkSize(256 * 1024);
        while (uploader.uploadChunk() > -1) {
            // keep going
        }
        uploader.finish();

        Response list = api.get("/api/v1/files", alice.token()).expect(200);
        assertThat(list.json().get("items")).hasSize(1);
        assertThat(list.json().get("items").get(0).get("name").asString()).isEqualTo("via-tus.bin");
        assertThat(list.json().get("items").get(0).get("sha256").asString()).isEqualTo(content.sha256());
    }

    @Test
    void theApiDescriptionListsTheEndpointOnce() {
        JsonNode paths = api.get("/v3/api-docs", null).expect(200).json().get("paths");

        assertThat(paths.has("/api/v1/uploads")).isTrue();
        assertThat(paths.has("/api/v1/uploads/")).isFalse();
    }
}
