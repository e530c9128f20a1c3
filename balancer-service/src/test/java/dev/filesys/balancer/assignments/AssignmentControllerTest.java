package dev.filesys.balancer.assignments;

import static org.hamcrest.Matchers.hasSize;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.filesys.protocol.Assignment;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/** The HTTP contract of {@code POST /api/v1/assignments}: statuses, the JSON shape, headers, problems. */
@WebMvcTest(AssignmentController.class)
class AssignmentControllerTest {

    private static final Assignment ASSIGNMENT = new Assignment(
            "fs-1", "http://10.0.0.1:8081", "header.payload.signature", Instant.parse("2026-11-29T10:00:30Z"));

    @Autowired
    MockMvc mvc;

    @MockitoBean
    AssignmentService assignments;

    @BeforeEach
    void aServerIsAvailable() {
        when(assignments.assign(any())).thenReturn(ASSIGNMENT);
    }

    @Test
    void anAssignmentIsCreatedWithoutABody() throws Exception {
        mvc.perform(post("/api/v1/assignments"))
                .andExpect(status().isCreated())
                .andExpect(content().contentType(MediaType.APPLICATION_JSON))
                .andExpect(header().string("Cache-Control", "no-store"))
                .andExpect(jsonPath("$.*", hasSize(4)))
                .andExpect(jsonPath("$.serverId").value("fs-1"))
                .andExpect(jsonPath("$.serverUrl").value("http://10.0.0.1:8081"))
                .andExpect(jsonPath("$.authCode").value("header.payload.signature"))
                .andExpect(jsonPath("$.expiresAt").value("2026-11-29T10:00:30Z"));
        verify(assignments).assign(Duration.ZERO);
    }

    @Test
    void anEmptyJsonBodyMeansNoWait() throws Exception {
        mvc.perform(post("/api/v1/assignments")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{}"))
                .andExpect(status().isCreated());
        verify(assignments).assign(Duration.ZERO);
    }

    @Test
    void waitSecondsIsPassedOn() throws Exception {
        mvc.perform(post("/api/v1/assignments")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"waitSeconds\": 30}"))
                .andExpect(status().isCreated());
        verify(assignments).assign(Duration.ofSeconds(30));
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 31, 3600})
    void waitSecondsOutsideTheRangeIsABadRequest(int waitSeconds) throws Exception {
        expectProblem(
                        mvc.perform(post("/api/v1/assignments")
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"waitSeconds\": " + waitSeconds + "}")),
                        400,
                        "INVALID_REQUEST")
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("waitSeconds")));
        verify(assignments, never()).assign(any());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"waitSeconds\":", "{\"waitSeconds\": \"soon\"}", "[1]", "waitSeconds=3"})
    void aBodyThatIsNotTheExpectedJsonIsABadRequest(String body) throws Exception {
        expectProblem(
                mvc.perform(post("/api/v1/assignments")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body)),
                400,
                "MALFORMED_REQUEST");
        verify(assignments, never()).assign(any());
    }

    @Test
    void aBodyThatIsNotJsonAtAllIsUnsupported() throws Exception {
        expectProblem(
                mvc.perform(post("/api/v1/assignments")
                        .contentType(MediaType.TEXT_PLAIN)
                        .content("wait 3")),
                415,
                "UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void noAvailableServerIsServiceUnavailableWithRetryAfter() throws Exception {
        when(assignments.assign(any())).thenThrow(new NoServerAvailable(2));

        expectProblem(mvc.perform(post("/api/v1/assignments")), 503, "NO_SERVER_AVAILABLE")
                .andExpect(header().string("Retry-After", "2"))
                .andExpect(jsonPath("$.type").value("https://filesys.dev/problems/no-server-available"))
                .andExpect(jsonPath("$.title").value("Service Unavailable"))
                .andExpect(jsonPath("$.instance").value("/api/v1/assignments"));
    }

    @Test
    void aWrongMethodIsAProblem() throws Exception {
        expectProblem(mvc.perform(get("/api/v1/assignments")), 405, "METHOD_NOT_ALLOWED");
    }

    @Test
    void anUnknownPathIsAProblem() throws Exception {
        expectProblem(mvc.perform(get("/api/v1/assignment")), 404, "NOT_FOUND")
                .andExpect(jsonPath("$.timestamp").doesNotExist())
                .andExpect(jsonPath("$.error").doesNotExist());
    }

    private static ResultActions expectProblem(ResultActions result, int status, String code) throws Exception {
        return result.andExpect(status().is(status))
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(status))
                .andExpect(jsonPath("$.code").value(code))
                .andExpect(jsonPath("$.detail").isString());
    }
}
