package dev.filesys.support;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.servlet.HandlerMapping;

/** The one line per request: at INFO for what people do, at DEBUG for the traffic machines make while all is well. */
class RequestIdFilterTest {

    private final Logger requests = (Logger) LoggerFactory.getLogger("dev.filesys.requests");
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private Level previousLevel;

    @BeforeEach
    void captureLines() {
        previousLevel = requests.getLevel();
        requests.setLevel(Level.DEBUG);
        lines.start();
        requests.addAppender(lines);
    }

    @AfterEach
    void stopCapturing() {
        requests.detachAppender(lines);
        requests.setLevel(previousLevel);
    }

    @ParameterizedTest
    @CsvSource({
        "PUT,    /internal/v1/servers/file-1, 200, DEBUG", // a file-service's heartbeat at the balancer
        "GET,    /internal/v1/availability,   200, DEBUG", // the balancer polling a file-service
        "GET,    /livez,                      200, DEBUG",
        "GET,    /readyz,                     503, INFO", // not ready: worth reading
        "GET,    /actuator/prometheus,        200, DEBUG",
        "GET,    /actuator/health/readiness,  200, DEBUG",
        "PUT,    /internal/v1/servers/file-1, 401, INFO", // a heartbeat with a wrong token
        "POST,   /api/v1/assignments,         201, INFO",
        "GET,    /api/v1/files,               200, INFO",
        "GET,    /api/v1/servers,             200, INFO", // an operator looking at the registry
        "DELETE, /api/v1/sessions/current,    204, INFO",
    })
    void machineTrafficThatSucceedsIsLoggedAtDebug(String method, String path, int status, String level)
            throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        MockHttpServletResponse response = new MockHttpServletResponse();
        response.setStatus(status);

        new RequestIdFilter().doFilter(request, response, new MockFilterChain());

        assertThat(lines.list).singleElement().satisfies(line -> {
            assertThat(line.getLevel()).isEqualTo(Level.toLevel(level));
            assertThat(line.getFormattedMessage()).startsWith(method + " " + path + " -> " + status + " in ");
        });
    }

    @Test
    void aNewIdIsARandomVersion4Uuid() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String id = RequestIdFilter.newId();
            UUID parsed = UUID.fromString(id);
            assertThat(parsed.version()).isEqualTo(4);
            assertThat(parsed.variant()).isEqualTo(2);
            assertThat(parsed.toString()).isEqualTo(id);
            seen.add(id);
        }
        assertThat(seen).hasSize(1000);
    }

    @Test
    void aRequestWithoutASaneIdGetsANewOne() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/files");
        request.addHeader(RequestIdFilter.HEADER, "not sane: spaces");
        MockHttpServletResponse response = new MockHttpServletResponse();

        new RequestIdFilter().doFilter(request, response, new MockFilterChain());

        assertThat(UUID.fromString(response.getHeader(RequestIdFilter.HEADER)).version())
                .isEqualTo(4);
    }

    @Test
    void theLineCarriesTheRequestAsFields() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/files/42");
        request.addHeader(RequestIdFilter.HEADER, "req-7");
        request.addHeader("Authorization", "Bearer secret-session-token");
        MockHttpServletResponse response = new MockHttpServletResponse();
        response.setStatus(404);
        UUID user = UUID.randomUUID();
        MockFilterChain chain = new MockFilterChain(new HttpServlet() {
            @Override
            protected void service(HttpServletRequest req, HttpServletResponse res) {
                req.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, "/api/v1/files/{id}");
                RequestIdFilter.identifyUser(req, user);
            }
        });

        new RequestIdFilter().doFilter(request, response, chain);

        assertThat(lines.list).singleElement().satisfies(line -> {
            Map<String, Object> fields = new HashMap<>();
            line.getKeyValuePairs().forEach(pair -> fields.put(pair.key, pair.value));
            assertThat(fields)
                    .containsEntry("http.method", "GET")
                    .containsEntry("http.route", "/api/v1/files/{id}")
                    .containsEntry("url.path", "/api/v1/files/42")
                    .containsEntry("http.status", 404)
                    .containsEntry("request.id", "req-7")
                    .containsEntry("user.id", user.toString())
                    .containsKey("duration.ms");
            assertThat(fields.values()).noneMatch(value -> value.toString().contains("secret"));
            assertThat(line.getFormattedMessage()).doesNotContain("secret");
        });
    }

    @Test
    void withoutAMatchedEndpointOrAUserThoseFieldsAreAbsent() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        response.setStatus(404);

        MockFilterChain chain = new MockFilterChain(new HttpServlet() {
            @Override
            protected void service(HttpServletRequest req, HttpServletResponse res) {
                req.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, "/**");
            }
        });

        new RequestIdFilter().doFilter(new MockHttpServletRequest("GET", "/nowhere"), response, chain);

        assertThat(lines.list)
                .singleElement()
                .satisfies(line -> assertThat(line.getKeyValuePairs())
                        .extracting(pair -> pair.key)
                        .doesNotContain("http.route", "user.id")
                        .contains("http.method", "url.path", "http.status", "duration.ms", "request.id"));
    }
}
