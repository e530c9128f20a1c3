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

        JsonNode upload = paths.get("/api/v1/files").get("post");
        assertThat(upload.get("responses").get("409").get("description").asString())
                .contains("NAME_TAKEN");
        JsonNode storageFull = upload.get("responses")
                .get("507")
                .get("content")
                .get("application/problem+json")
                .get("schema")
                .get("allOf");
        assertThat(storageFull.get(0).get("$ref").asString()).endsWith("/ProblemDetail");
        assertThat(storageFull.get(1).get("properties").get("code").get("enum").toString())
                .as("the codes the 507 answer names")
                .contains("QUOTA_EXCEEDED", "FILE_COUNT_EXCEEDED", "STORAGE_FULL");
        assertThat(upload.get("operationId").asString()).isEqualTo("uploadFile");
        assertThat(upload.get("tags").toString()).isEqualTo("[\"Files\"]");
        assertThat(upload.get("parameters").toString()).contains("\"overwrite\"", "\"boolean\"");
        assertThat(paths.has("/error")).as("the error page is no operation").isFalse();
        assertThat(paths.get("/api/v1/files/{fileId}/content")
                        .get("get")
                        .get("responses")
                        .get("206")
                        .get("headers")
                        .has("Content-Range"))
                .isTrue();
        assertThat(paths.get("/api/v1/files/{fileId}/content")
                        .get("get")
                        .get("responses")
                        .get("416")
                        .get("description")
                        .asString())
                .contains("RANGE_NOT_SATISFIABLE");
        assertThat(paths.get("/api/v1/files/{fileId}/shares/{username}")
                        .get("put")
                        .get("responses")
                        .get("404")
                        .get("description")
                        .asString())
                .contains("USER_NOT_FOUND");
        assertThat(paths.get("/api/v1/uploads/{uploadId}")
                        .get("patch")
                        .get("responses")
                        .get("460")
                        .get("description")
                        .asString())
                .contains("CHECKSUM_MISMATCH");
        JsonNode events = paths.get("/api/v1/events").get("get");
        assertThat(events.get("responses").get("401").get("description").asString())
                .contains("NOT_LOGGED_IN");
        assertThat(events.get("responses").get("400").get("description").asString())
                .contains("INVALID_LAST_EVENT_ID");
        assertThat(events.get("responses").get("200").get("content").has("text/event-stream"))
                .isTrue();
        assertThat(events.get("parameters")).singleElement().satisfies(parameter -> {
            assertThat(parameter.get("name").asString()).isEqualTo("Last-Event-ID");
            assertThat(parameter.get("in").asString()).isEqualTo("header");
        });
        JsonNode problem = api.get("components").get("schemas").get("ProblemDetail");
        assertThat(problem.get("properties").has("code")).isTrue();
        assertThat(problem.get("required").toString()).contains("\"code\"");
        assertThat(api.get("components")
                        .get("schemas")
                        .get("FileView")
                        .get("required")
                        .toString())
                .contains("\"fileId\"", "\"name\"", "\"size\"");
    }
}
