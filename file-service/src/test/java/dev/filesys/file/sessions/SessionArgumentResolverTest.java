package dev.filesys.file.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.filesys.file.testsupport.TestProperties;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.core.MethodParameter;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.ServletWebRequest;

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
    private final SessionArgumentResolver resolver = new SessionArgumentResolver(new RecordingSessions());

    @Test
    void onlySessionAndUserParametersAreResolved() throws Exception {
        assertThat(resolver.supportsParameter(parameter(0))).isTrue();
        assertThat(resolver.supportsParameter(parameter(1))).isTrue();
        assertThat(resolver.supportsParameter(parameter(2))).isFalse();
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

    private static MethodParameter parameter(int index) {
        try {
            Method handler =
                    Handlers.class.getDeclaredMethod("handle", CurrentSession.class, CurrentUser.class, String.class);
            return new MethodParameter(handler, index);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A controller method's parameters, to resolve. */
    static class Handlers {
        void handle(CurrentSession session, CurrentUser user, String other) {}
    }

    /** Answers every lookup with {@link #answer} and records the token it was given. */
    private final class RecordingSessions extends SessionService {

        RecordingSessions() {
            super(null, null, null, null, null, null, null, null, TestProperties.fileService(Map.of()), null);
        }

        @Override
        public CurrentSession authenticate(String token) {
            lookedUp.add(token);
            return answer;
        }
    }
}
