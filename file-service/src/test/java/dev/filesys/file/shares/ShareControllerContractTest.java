package dev.filesys.file.shares;

import static dev.filesys.file.testsupport.ProblemMatchers.frameworkProblem;
import static dev.filesys.file.testsupport.ProblemMatchers.problem;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.filesys.file.files.FileNotFound;
import dev.filesys.file.files.NotOwner;
import dev.filesys.file.sessions.CurrentSession;
import dev.filesys.file.sessions.SessionRequired;
import dev.filesys.file.sessions.SessionService;
import dev.filesys.support.ApiError;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.servlet.MockMvc;

/** The HTTP contract of sharing: statuses, exact JSON and problem bodies. */
@WebMvcTest(ShareController.class)
class ShareControllerContractTest {

    private static final UUID ALICE = UUID.fromString("a11ce000-0000-4000-8000-000000000001");
    private static final UUID FILE = UUID.fromString("f11e0000-0000-4000-8000-000000000001");
    private static final String PATH = "/api/v1/files/" + FILE + "/shares/bob";
    private static final Instant CREATED = Instant.parse("2026-11-29T10:00:00Z");
    private static final Instant EXPIRES = Instant.parse("2030-01-01T00:00:00Z");

    @Autowired
    MockMvc mvc;

    @MockitoBean
    ShareService shares;

    @MockitoBean
    SessionService sessions;

    @BeforeEach
    void sessions() {
        given(sessions.authenticate("alice")).willReturn(new CurrentSession(UUID.randomUUID(), ALICE, "alice"));
        given(sessions.authenticate(null)).willThrow(new SessionRequired());
    }

    @Test
    void aNewShareIsCreatedAndARepeatedOneOk() throws Exception {
        ShareView view = new ShareView(FILE, "bob", "read", EXPIRES, CREATED);
        given(shares.share(ALICE, FILE, "bob", "read", EXPIRES))
                .willReturn(new ShareService.Granted(view, true))
                .willReturn(new ShareService.Granted(view, false));
        String body = "{\"permission\":\"read\",\"expiresAt\":\"2030-01-01T00:00:00Z\"}";

        mvc.perform(put(PATH)
                        .header("Authorization", "Bearer alice")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body))
                .andExpect(status().isCreated())
                .andExpect(content().json("""
                        {"fileId":"f11e0000-0000-4000-8000-000000000001","username":"bob","permission":"read",
                         "expiresAt":"2030-01-01T00:00:00Z","createdAt":"2026-11-29T10:00:00Z"}
                        """, JsonCompareMode.STRICT));
        mvc.perform(put(PATH)
                        .header("Authorization", "Bearer alice")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body))
                .andExpect(status().isOk());
    }

    @Test
    void withoutABodyTheShareIsReadWithoutExpiry() throws Exception {
        given(shares.share(ALICE, FILE, "bob", null, null))
                .willReturn(new ShareService.Granted(new ShareView(FILE, "bob", "read", null, CREATED), true));

        mvc.perform(put(PATH).header("Authorization", "Bearer alice"))
                .andExpect(status().isCreated())
                .andExpect(content()
                        .json(
                                "{\"fileId\":\"" + FILE
                                        + "\",\"username\":\"bob\",\"permission\":\"read\","
                                        + "\"createdAt\":\"2026-11-29T10:00:00Z\"}",
                                JsonCompareMode.STRICT));
    }

    @Test
    void refusedSharesAreProblems() throws Exception {
        given(shares.share(eq(ALICE), eq(FILE), eq("bob"), any(), any()))
                .willThrow(new UserNotFound())
                .willThrow(new CannotShareWithSelf())
                .willThrow(new NotOwner("Only the file's owner may do this."))
                .willThrow(new FileNotFound("No such file."))
                .willThrow(ApiError.INVALID_PERMISSION.exception("read only"));

        mvc.perform(put(PATH).header("Authorization", "Bearer alice")).andExpect(problem(404, "USER_NOT_FOUND", PATH));
        mvc.perform(put(PATH).header("Authorization", "Bearer alice"))
                .andExpect(problem(400, "CANNOT_SHARE_WITH_SELF", PATH));
        mvc.perform(put(PATH).header("Authorization", "Bearer alice")).andExpect(problem(403, "NOT_OWNER", PATH));
        mvc.perform(put(PATH).header("Authorization", "Bearer alice")).andExpect(problem(404, "FILE_NOT_FOUND", PATH));
        mvc.perform(put(PATH).header("Authorization", "Bearer alice"))
                .andExpect(problem(400, "INVALID_PERMISSION", PATH));
        mvc.perform(put(PATH)
                        .header("Authorization", "Bearer alice")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"expiresAt\":\"not a time\"}"))
                .andExpect(frameworkProblem(400, "MALFORMED_REQUEST", PATH));
        mvc.perform(put(PATH)).andExpect(problem(401, "SESSION_REQUIRED", PATH));
        mvc.perform(put("/api/v1/files/nope/shares/bob").header("Authorization", "Bearer alice"))
                .andExpect(problem(404, "FILE_NOT_FOUND", "/api/v1/files/nope/shares/bob"));
    }

    @Test
    void unshareIsNoContentAndOwnerOnly() throws Exception {
        mvc.perform(delete(PATH).header("Authorization", "Bearer alice"))
                .andExpect(status().isNoContent())
                .andExpect(content().string(""));
        verify(shares).unshare(ALICE, FILE, "bob");

        willThrow(new NotOwner("Only the file's owner may do this."))
                .given(shares)
                .unshare(ALICE, FILE, "carol");
        String carol = "/api/v1/files/" + FILE + "/shares/carol";
        mvc.perform(delete(carol).header("Authorization", "Bearer alice")).andExpect(problem(403, "NOT_OWNER", carol));
        mvc.perform(delete(PATH)).andExpect(problem(401, "SESSION_REQUIRED", PATH));
        verify(shares, never()).unshare(eq(null), any(), any());
    }
}
