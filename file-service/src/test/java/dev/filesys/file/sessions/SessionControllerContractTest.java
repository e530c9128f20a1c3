package dev.filesys.file.sessions;

import static dev.filesys.file.testsupport.ProblemMatchers.frameworkProblem;
import static dev.filesys.file.testsupport.ProblemMatchers.problem;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.filesys.file.FileServiceProperties;
import dev.filesys.file.availability.InstanceAvailability.Reason;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/** The HTTP contract of the handshake endpoints: statuses, exact JSON, problem bodies and headers. */
@WebMvcTest(SessionController.class)
@EnableConfigurationProperties(FileServiceProperties.class)
class SessionControllerContractTest {

    private static final UUID SESSION = UUID.fromString("0f7b9f1e-5d4c-4b3a-9a8b-7c6d5e4f3a2b");

    @Autowired
    MockMvc mvc;

    @MockitoBean
    SessionService sessions;

    @Test
    void handshakeAnswersWithTheHalfOpenSession() throws Exception {
        given(sessions.begin("code", null))
                .willReturn(new SessionService.HandshakeStarted(SESSION, "nonce", Duration.ofSeconds(10)));

        postJson("/api/v1/sessions", "{\"authCode\":\"code\"}")
                .andExpect(status().isCreated())
                .andExpect(header().string("Cache-Control", "no-store"))
                .andExpect(content().contentType(MediaType.APPLICATION_JSON))
                .andExpect(content().json("""
                                {"sessionId":"0f7b9f1e-5d4c-4b3a-9a8b-7c6d5e4f3a2b","serverNonce":"nonce","expiresIn":10}
                                """, JsonCompareMode.STRICT));
    }

    @Test
    void handshakePassesTheResumeTokenOn() throws Exception {
        given(sessions.begin("code", "old-token"))
                .willReturn(new SessionService.HandshakeStarted(SESSION, "nonce", Duration.ofSeconds(10)));

        postJson("/api/v1/sessions", "{\"authCode\":\"code\",\"resumeToken\":\"old-token\"}")
                .andExpect(status().isCreated());
    }

    @Test
    void refusedCodesAreProblems() throws Exception {
        given(sessions.begin(eq("bad"), any())).willThrow(new AuthCodeRejected());
        given(sessions.begin(eq("used"), any())).willThrow(new AuthCodeReplayed());

        postJson("/api/v1/sessions", "{\"authCode\":\"bad\"}")
                .andExpect(problem(401, "INVALID_AUTH_CODE", "/api/v1/sessions"));
        postJson("/api/v1/sessions", "{\"authCode\":\"used\"}")
                .andExpect(problem(401, "AUTH_CODE_REPLAYED", "/api/v1/sessions"));
    }

    @Test
    void instanceThatSaysNoRefusesHandshakesWithRetryAfter() throws Exception {
        given(sessions.begin(eq("draining"), any())).willThrow(new ServerNotAccepting(Reason.DRAINING));
        given(sessions.begin(eq("full"), any())).willThrow(new ServerNotAccepting(Reason.AT_CAPACITY));
        given(sessions.begin(eq("sick"), any())).willThrow(new ServerNotAccepting(Reason.DATABASE_UNREACHABLE));

        postJson("/api/v1/sessions", "{\"authCode\":\"draining\"}")
                .andExpect(problem(503, "SERVER_DRAINING", "/api/v1/sessions"))
                .andExpect(header().string("Retry-After", "1"));
        postJson("/api/v1/sessions", "{\"authCode\":\"full\"}")
                .andExpect(problem(503, "SERVER_AT_CAPACITY", "/api/v1/sessions"))
                .andExpect(header().string("Retry-After", "1"));
        postJson("/api/v1/sessions", "{\"authCode\":\"sick\"}")
                .andExpect(problem(503, "SERVER_UNAVAILABLE", "/api/v1/sessions"));
    }

    @Test
    void malformedHandshakeIsABadRequest() throws Exception {
        postJson("/api/v1/sessions", "{not json")
                .andExpect(frameworkProblem(400, "MALFORMED_REQUEST", "/api/v1/sessions"));
    }

    @Test
    void ackAnswersWithTheToken() throws Exception {
        given(sessions.acknowledge(SESSION, "nonce"))
                .willReturn(new SessionService.HandshakeCompleted("token", Duration.ofMinutes(30), true));

        postJson("/api/v1/sessions/" + SESSION + "/ack", "{\"serverNonce\":\"nonce\"}")
                .andExpect(status().isOk())
                .andExpect(header().string("Cache-Control", "no-store"))
                .andExpect(content().contentType(MediaType.APPLICATION_JSON))
                .andExpect(content().json("""
                                {"sessionToken":"token","idleTimeoutSeconds":1800,"resumed":true}
                                """, JsonCompareMode.STRICT));
    }

    @Test
    void refusedAcksAreProblems() throws Exception {
        String path = "/api/v1/sessions/" + SESSION + "/ack";
        given(sessions.acknowledge(SESSION, "wrong")).willThrow(new NonceMismatch());
        given(sessions.acknowledge(SESSION, "late")).willThrow(new HandshakeExpired(Duration.ofSeconds(10)));

        postJson(path, "{\"serverNonce\":\"wrong\"}").andExpect(problem(401, "INVALID_NONCE", path));
        postJson(path, "{\"serverNonce\":\"late\"}").andExpect(problem(401, "HANDSHAKE_EXPIRED", path));
        postJson("/api/v1/sessions/not-a-uuid/ack", "{\"serverNonce\":\"x\"}")
                .andExpect(frameworkProblem(400, "BAD_REQUEST", "/api/v1/sessions/not-a-uuid/ack"));
    }

    @Test
    void closingNeedsTheSessionToken() throws Exception {
        given(sessions.authenticate("token")).willReturn(new CurrentSession(SESSION, null, null));
        given(sessions.authenticate(null)).willThrow(new SessionRequired());
        given(sessions.authenticate("old")).willThrow(new SessionExpired());

        mvc.perform(delete("/api/v1/sessions/current").header("Authorization", "Bearer token"))
                .andExpect(status().isNoContent())
                .andExpect(content().string(""));
        verify(sessions).close(SESSION);
        mvc.perform(delete("/api/v1/sessions/current"))
                .andExpect(problem(401, "SESSION_REQUIRED", "/api/v1/sessions/current"))
                .andExpect(header().string("WWW-Authenticate", "Bearer realm=\"filesys\""));
        mvc.perform(delete("/api/v1/sessions/current").header("Authorization", "Basic dXNlcjpwdw=="))
                .andExpect(problem(401, "SESSION_REQUIRED", "/api/v1/sessions/current"));
        mvc.perform(delete("/api/v1/sessions/current").header("Authorization", "Bearer old"))
                .andExpect(problem(401, "SESSION_EXPIRED", "/api/v1/sessions/current"))
                .andExpect(header().string("WWW-Authenticate", "Bearer realm=\"filesys\", error=\"invalid_token\""));
    }

    private ResultActions postJson(String path, String json) throws Exception {
        return mvc.perform(post(path).contentType(MediaType.APPLICATION_JSON).content(json));
    }
}
