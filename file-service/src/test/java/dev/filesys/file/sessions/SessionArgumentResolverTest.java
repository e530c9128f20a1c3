package dev.filesys.file.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.filesys.file.testsupport.TestProperties;
import dev.filesys.support.ApiException;
import dev.filesys.support.RequestIdFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.core.MethodParameter;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * How a controller parameter becomes the request's session or user: which {@code Authorization} values count as a
 * bearer token, that the session is looked up once per request, and that a user parameter needs a logged-in session.
 * The session lookup itself is {@link SessionService#authenticate}'s (tested against the database elsewhere); here it
 * is replaced by one that records the tokens it is asked about.
 */
class SessionArgumentResolverTest {

    private static final UUID SESSION = UUID.randomUUID();
    private static final UUID ALICE = UUID.randomUUID();

    private final List<String> lookedUp = new ArrayList<>();
    private CurrentSession answer = new CurrentSession(SESSION, ALICE, "alice");
    /** When set, every lookup is refused with it instead (an unknown or expired token). */
    private ApiException refusal;

    private final SessionArgumentResolver resolver = new SessionArgumentResolver(new RecordingSessions());

    @Test
    void onlySessionUserAndAdminParametersAreResolved() throws Exception {
        assertThat(resolver.supportsParameter(parameter(0))).isTrue();
        assertThat(resolver.supportsParameter(parameter(1))).isTrue();
        assertThat(resolver.supportsParameter(parameter(2))).isFalse();
        assertThat(resolver.supportsParameter(adminParameter("administer"))).isTrue();
    }

    @Test
    void theBearerTokenIsTakenWhateverTheSchemesCaseAndSurroundingSpace() throws Exception {
        resolve(0, "Bearer tok-1");
        resolve(0, "bearer tok-2");
        resolve(0, "BEARER   tok-3  ");

        assertThat(lookedUp).containsExactly("tok-1", "tok-2", "tok-3");
    }

    @Test
    void anythingButABearerCredentialIsNoToken() throws Exception {
        resolve(0, null);
        resolve(0, "Basic dG9rOng=");
        resolve(0, "Bearer");
        resolve(0, "Bearertok");
        resolve(0, "tok");

        assertThat(lookedUp).hasSize(5).containsOnlyNulls();
    }

    @Test
    void theSessionIsLookedUpOncePerRequest() throws Exception {
        ServletWebRequest request = request("Bearer tok");

        Object session = resolver.resolveArgument(parameter(0), null, request, null);
        Object user = resolver.resolveArgument(parameter(1), null, request, null);

        assertThat(session).isEqualTo(answer);
        assertThat(user).isEqualTo(new CurrentUser(ALICE, "alice"));
        assertThat(lookedUp).containsExactly("tok");
    }

    @Test
    void aUserParameterNeedsALoggedInSessionButASessionParameterDoesNot() throws Exception {
        answer = new CurrentSession(SESSION, null, null);

        assertThat(resolve(0, "Bearer tok")).isEqualTo(answer);
        assertThatThrownBy(() -> resolve(1, "Bearer tok")).isInstanceOf(NotLoggedIn.class);
    }

    @Test
    void theUserIsNamedOnTheRequestsLogLineAndAnAnonymousSessionIsNot() throws Exception {
        ServletWebRequest loggedIn = request("Bearer tok");
        resolver.resolveArgument(parameter(1), null, loggedIn, null);
        answer = new CurrentSession(SESSION, null, null);
        ServletWebRequest anonymous = request("Bearer tok");
        resolver.resolveArgument(parameter(0), null, anonymous, null);

        assertThat(loggedUser(loggedIn)).isEqualTo(ALICE.toString());
        assertThat(loggedUser(anonymous)).isNull();
    }

    @Test
    void anAdminSessionResolvesToTheAdmin() throws Exception {
        answer = new CurrentSession(SESSION, ALICE, "alice", true, false);

        assertThat(resolver.resolveArgument(adminParameter("administer"), null, request("Bearer tok"), null))
                .isEqualTo(new AdminUser(ALICE, "alice", SESSION));
    }

    @Test
    void everyoneButAnAdminGetsTheNotFoundOfAPathThatDoesNotExist() {
        answer = new CurrentSession(SESSION, ALICE, "alice");
        assertAdminPathNotFound("Bearer tok");
        answer = new CurrentSession(SESSION, null, null, true, false);
        assertAdminPathNotFound("Bearer tok");
        answer = new CurrentSession(SESSION, ALICE, null, true, false);
        assertAdminPathNotFound("Bearer tok");
        refusal = new SessionExpired();
        assertAdminPathNotFound("Bearer tok");
        refusal = new SessionRequired();
        assertAdminPathNotFound(null);
    }

    @Test
    void aUserWhosePasswordWasResetMayOnlyCallTheExemptMethods() throws Exception {
        answer = new CurrentSession(SESSION, ALICE, "alice", true, true);

        assertThatThrownBy(() -> resolve(1, "Bearer tok"))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.code()).isEqualTo("PASSWORD_CHANGE_REQUIRED"));
        assertThatThrownBy(
                        () -> resolver.resolveArgument(adminParameter("administer"), null, request("Bearer tok"), null))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.code()).isEqualTo("PASSWORD_CHANGE_REQUIRED"));
        assertThat(resolver.resolveArgument(exemptParameter(), null, request("Bearer tok"), null))
                .isEqualTo(new CurrentUser(ALICE, "alice"));
        assertThat(resolver.resolveArgument(adminParameter("administerExempt"), null, request("Bearer tok"), null))
                .isEqualTo(new AdminUser(ALICE, "alice", SESSION));
        assertThat(resolve(0, "Bearer tok")).isEqualTo(answer);
    }

    private void assertAdminPathNotFound(String authorization) {
        MockHttpServletRequest request = new MockHttpServletRequest("DELETE", "/api/v1/admin/users/bob");
        if (authorization != null) {
            request.addHeader("Authorization", authorization);
        }
        assertThatThrownBy(() -> resolver.resolveArgument(
                        adminParameter("administer"), null, new ServletWebRequest(request), null))
                .isInstanceOfSatisfying(NoResourceFoundException.class, e -> {
                    assertThat(e.getHttpMethod().name()).isEqualTo("DELETE");
                    assertThat(e.getResourcePath()).isEqualTo("api/v1/admin/users/bob");
                });
    }

    private static Object loggedUser(ServletWebRequest request) {
        // the attribute RequestIdFilter.identifyUser sets and the log line reads
        return request.getRequest().getAttribute(RequestIdFilter.class.getName() + ".user");
    }

    private Object resolve(int parameterIndex, String authorization) throws Exception {
        return resolver.resolveArgument(parameter(parameterIndex), null, request(authorization), null);
    }

    private static ServletWebRequest request(String authorization) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/me");
        if (authorization != null) {
            request.addHeader("Authorization", authorization);
        }
        return new ServletWebRequest(request);
    }

    /** Parameter {@code index} of {@code Handlers.handle(CurrentSession, CurrentUser, String)}. */
    private static MethodParameter parameter(int index) {
        return parameter("handle", index, CurrentSession.class, CurrentUser.class, String.class);
    }

    /** The admin parameter of {@code Handlers.administer} or {@code Handlers.administerExempt}. */
    private static MethodParameter adminParameter(String method) {
        return parameter(method, 0, AdminUser.class);
    }

    /** The user parameter of a method exempt from the password change, {@code Handlers.changePassword}. */
    private static MethodParameter exemptParameter() {
        return parameter("changePassword", 0, CurrentUser.class);
    }

    private static MethodParameter parameter(String method, int index, Class<?>... types) {
        try {
            return new MethodParameter(Handlers.class.getDeclaredMethod(method, types), index);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A controller method's parameters, to resolve. */
    static class Handlers {
        void handle(CurrentSession session, CurrentUser user, String other) {}

        void administer(AdminUser admin) {}

        @PasswordChangeExempt
        void administerExempt(AdminUser admin) {}

        @PasswordChangeExempt
        void changePassword(CurrentUser user) {}
    }

    /** Answers every lookup with {@link #answer} and records the token it was given. */
    private final class RecordingSessions extends SessionService {

        RecordingSessions() {
            super(null, null, null, null, null, null, null, null, TestProperties.fileService(Map.of()), null);
        }

        @Override
        public CurrentSession authenticate(String token) {
            lookedUp.add(token);
            if (refusal != null) {
                throw refusal;
            }
            return answer;
        }
    }
}
