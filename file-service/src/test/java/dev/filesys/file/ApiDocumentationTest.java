package dev.filesys.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filesys.file.testsupport.FileServiceTest;
import dev.filesys.file.testsupport.TestClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The OpenAPI description lists the endpoints with their problem codes, and no session parameters as inputs. */
@FileServiceTest
class ApiDocumentationTest {

    @LocalServerPort
    int port;

    @Test
    void describesTheEndpointsAndTheirProblemCodes() {
        JsonNode api =
                TestClient.onPort(port).get("/v3/api-docs", null).expect(200).json();

        JsonNode paths = api.get("paths");
        assertThat(paths.has("/api/v1/sessions")).isTrue();
        assertThat(paths.has("/api/v1/sessions/{sessionId}/ack")).isTrue();
        assertThat(paths.has("/internal/v1/availability")).isTrue();
        assertThat(paths.get("/api/v1/login")
                        .get("post")
                        .get("responses")
                        .get("429")
                        .get("description")
                        .asString())
                .contains("TOO_MANY_ATTEMPTS");
        assertThat(paths.get("/api/v1/sessions")
                        .get("post")
                        .get("responses")
                        .get("401")
                        .get("description")
                        .asString())
                .contains("INVALID_AUTH_CODE", "AUTH_CODE_REPLAYED");
        JsonNode me = paths.get("/api/v1/me").get("get");
        assertThat(me.has("parameters"))
                .as("CurrentUser is not a request parameter")
                .isFalse();
        assertThat(me.get("security").toString()).contains("sessionToken");
        assertThat(api.get("components").get("securitySchemes").has("clusterToken"))
                .isTrue();
    }
}
