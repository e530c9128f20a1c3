package dev.filesys.support;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

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
}
