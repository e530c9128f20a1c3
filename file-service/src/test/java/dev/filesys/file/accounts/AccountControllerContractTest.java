package dev.filesys.file.accounts;

import static dev.filesys.file.testsupport.ProblemMatchers.frameworkProblem;
import static dev.filesys.file.testsupport.ProblemMatchers.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.filesys.file.sessions.CurrentSession;
import dev.filesys.file.sessions.SessionExpired;
import dev.filesys.file.sessions.SessionRequired;
import dev.filesys.file.sessions.SessionService;
import dev.filesys.support.RateLimited;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/** The HTTP contract of the account endpoints: statuses, exact JSON, problem bodies and headers. */
@WebMvcTest(AccountController.class)
class AccountControllerContractTest {

    private static final UUID SESSION = UUID.fromString("0f7b9f1e-5d4c-4b3a-9a8b-7c6d5e4f3a2b");
    private static final UUID ALICE = UUID.fromString("a11ce000-0000-4000-8000-000000000001");
    private static final CurrentSession ANONYMOUS = new CurrentSession(SESSION, null, null);
    private static final CurrentSession LOGGED_IN = new CurrentSession(SESSION, ALICE, "alice");

    @Autowired
    MockMvc mvc;

    @MockitoBean
    AccountService accounts;

    @MockitoBean
    SessionService sessions;

    /** How often the gate gave back a registration's token of the instance's allowance. */
    final AtomicInteger givenBack = new AtomicInteger();

    /** The hashing threads the gate gave back. */
    final Semaphore hashing = new Semaphore(0);

    @BeforeEach
    void sessions() {
        given(accounts.admitRegistration())
                .willAnswer(call -> new RegistrationAdmission(
                        new PasswordHashing.Reservation(hashing), givenBack::incrementAndGet));
        given(sessions.authenticate("anonymous")).willReturn(ANONYMOUS);
        given(sessions.authenticate("alice")).willReturn(LOGGED_IN);
        given(sessions.authenticate(null)).willThrow(new SessionRequired());
        given(sessions.authenticate("expired")).willThrow(new SessionExpired());
    }

    @Test
    void registrationAnswersWithTheUser() throws Exception {
        given(accounts.register(eq(ANONYMOUS), eq("Alice"), eq("correct horse"), anyString(), any()))
                .willAnswer(call -> {
                    call.getArgument(4, RegistrationAdmission.class).spend();
                    return new AccountService.Account(ALICE, "alice");
                });

        postJson("/api/v1/users", "anonymous", "{\"username\":\"Alice\",\"password\":\"correct horse\"}")
                .andExpect(status().isCreated())
                .andExpect(content().contentType(MediaType.APPLICATION_JSON))
                .andExpect(content()
                        .json(
                                "{\"userId\":\"a11ce000-0000-4000-8000-000000000001\",\"username\":\"alice\"}",
                                JsonCompareMode.STRICT));
        assertThat(givenBack).as("the token the registration spent").hasValue(0);
        assertThat(hashing.availablePermits())
                .as("the hashing thread, once the request is over")
                .isEqualTo(1);
    }

    @Test
    void refusedRegistrationsAreProblems() throws Exception {
        given(accounts.register(eq(ANONYMOUS), eq("alice"), anyString(), anyString(), any()))
                .willThrow(new UsernameTaken("alice"));
        given(accounts.register(eq(ANONYMOUS), eq("a"), anyString(), anyString(), any()))
                .willThrow(new InvalidUsername("A username must be 3 to 32 characters long; this one has 1."));
        given(accounts.register(eq(ANONYMOUS), eq("bob"), eq("short"), anyString(), any()))
                .willThrow(new WeakPassword("A password must have at least 8 characters; this one has 5."));

        postJson("/api/v1/users", "anonymous", "{\"username\":\"alice\",\"password\":\"whatever1\"}")
                .andExpect(problem(409, "USERNAME_TAKEN", "/api/v1/users"));
        postJson("/api/v1/users", "anonymous", "{\"username\":\"a\",\"password\":\"whatever1\"}")
                .andExpect(problem(400, "INVALID_USERNAME", "/api/v1/users"))
                .andExpect(content()
                        .json(
                                "{\"detail\":\"A username must be 3 to 32 characters long; this one has 1.\"}",
                                JsonCompareMode.LENIENT));
        postJson("/api/v1/users", "anonymous", "{\"username\":\"bob\",\"password\":\"short\"}")
                .andExpect(problem(400, "WEAK_PASSWORD", "/api/v1/users"));
        postJson("/api/v1/users", null, "{\"username\":\"bob\",\"password\":\"long enough\"}")
                .andExpect(problem(401, "SESSION_REQUIRED", "/api/v1/users"))
                .andExpect(header().exists("WWW-Authenticate"));
        postJson("/api/v1/users", "anonymous", "[1, 2]")
                .andExpect(frameworkProblem(400, "MALFORMED_REQUEST", "/api/v1/users"));
        assertThat(givenBack)
                .as("every refused registration gives its token of the instance's allowance back")
                .hasValue(5);
        assertThat(hashing.availablePermits()).isEqualTo(5);
    }

    @Test
    void hopelessRegistrationsAreRefusedBeforeTheBodyOrTheSessionIsRead() throws Exception {
        willThrow(new RateLimited("registrations on this server", Duration.ofMillis(1500)))
                .willThrow(new ServerBusy())
                .given(accounts)
                .admitRegistration();

        postJson("/api/v1/users", "anonymous", "not even JSON")
                .andExpect(problem(429, "RATE_LIMITED", "/api/v1/users"))
                .andExpect(header().string("Retry-After", "2"));
        postJson("/api/v1/users", "anonymous", "{\"username\":\"bob\",\"password\":\"long enough\"}")
                .andExpect(problem(503, "SERVER_BUSY", "/api/v1/users"))
                .andExpect(header().string("Retry-After", "1"));
        verify(sessions, never()).authenticate(any());
        verify(accounts, never()).register(any(), any(), any(), any(), any());
    }

    @Test
    void loginAnswersWithTheUserAndTheNewToken() throws Exception {
        given(accounts.login(eq(ANONYMOUS), eq("alice"), eq("correct horse"), any()))
                .willReturn(new AccountService.LoggedIn(new AccountService.Account(ALICE, "alice"), "new-token"));

        postJson("/api/v1/login", "anonymous", "{\"username\":\"alice\",\"password\":\"correct horse\"}")
                .andExpect(status().isOk())
                .andExpect(header().string("Cache-Control", "no-store"))
                .andExpect(content().contentType(MediaType.APPLICATION_JSON))
                .andExpect(content().json("""
                                {"userId":"a11ce000-0000-4000-8000-000000000001","username":"alice",
                                 "sessionToken":"new-token"}
                                """, JsonCompareMode.STRICT));
        verify(accounts).login(ANONYMOUS, "alice", "correct horse", "127.0.0.1");
    }

    @Test
    void refusedLoginsAreProblems() throws Exception {
        given(accounts.login(eq(ANONYMOUS), eq("alice"), eq("wrong"), any())).willThrow(new InvalidCredentials());
        given(accounts.login(eq(ANONYMOUS), eq("alice"), eq("again"), any()))
                .willThrow(new TooManyAttempts(Duration.ofMillis(4200)));

        postJson("/api/v1/login", "anonymous", "{\"username\":\"alice\",\"password\":\"wrong\"}")
                .andExpect(problem(401, "INVALID_CREDENTIALS", "/api/v1/login"))
                .andExpect(content()
                        .json("{\"detail\":\"The username or the password is wrong.\"}", JsonCompareMode.LENIENT));
        postJson("/api/v1/login", "anonymous", "{\"username\":\"alice\",\"password\":\"again\"}")
                .andExpect(problem(429, "TOO_MANY_ATTEMPTS", "/api/v1/login"))
                .andExpect(header().string("Retry-After", "5"));
        postJson("/api/v1/login", "expired", "{\"username\":\"alice\",\"password\":\"x\"}")
                .andExpect(problem(401, "SESSION_EXPIRED", "/api/v1/login"));
    }

    @Test
    void logoutAnswersNoContent() throws Exception {
        mvc.perform(post("/api/v1/logout").header("Authorization", "Bearer alice"))
                .andExpect(status().isNoContent())
                .andExpect(content().string(""));
        verify(accounts).logout(LOGGED_IN);

        mvc.perform(post("/api/v1/logout")).andExpect(problem(401, "SESSION_REQUIRED", "/api/v1/logout"));
    }

    @Test
    void meAnswersWithTheSessionsUser() throws Exception {
        mvc.perform(get("/api/v1/me").header("Authorization", "Bearer alice"))
                .andExpect(status().isOk())
                .andExpect(content()
                        .json(
                                "{\"userId\":\"a11ce000-0000-4000-8000-000000000001\",\"username\":\"alice\",\"role\":\"user\",\"mustChangePassword\":false}",
                                JsonCompareMode.STRICT));

        mvc.perform(get("/api/v1/me").header("Authorization", "Bearer anonymous"))
                .andExpect(problem(401, "NOT_LOGGED_IN", "/api/v1/me"));
        mvc.perform(get("/api/v1/me")).andExpect(problem(401, "SESSION_REQUIRED", "/api/v1/me"));
        mvc.perform(get("/api/v1/me").header("Authorization", "Bearer expired"))
                .andExpect(problem(401, "SESSION_EXPIRED", "/api/v1/me"));
        verify(accounts, never()).logout(any());
    }

    private ResultActions postJson(String path, String token, String json) throws Exception {
        var request = post(path).contentType(MediaType.APPLICATION_JSON).content(json);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return mvc.perform(request);
    }
}
