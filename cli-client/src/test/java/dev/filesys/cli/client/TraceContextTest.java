package dev.filesys.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** A command's requests carry one W3C trace id, each with a parent id of its own; the next command has another. */
class TraceContextTest {

    private static final String TRACEPARENT = "00-[0-9a-f]{32}-[0-9a-f]{16}-00";

    @Test
    void aCommandsRequestsShareItsTraceIdWithParentIdsOfTheirOwn() {
        TraceContext command = TraceContext.startCommand();

        String first = command.traceparent();
        String second = command.traceparent();

        assertThat(first).matches(TRACEPARENT).startsWith("00-" + command.traceId() + "-");
        assertThat(second).matches(TRACEPARENT).startsWith("00-" + command.traceId() + "-");
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void theNextCommandIsAnotherTrace() {
        String before = TraceContext.startCommand().traceId();

        assertThat(TraceContext.startCommand().traceId()).isNotEqualTo(before).hasSize(32);
        assertThat(TraceContext.current().traceId()).isNotEqualTo(before);
    }

    @Test
    void everyRequestCarriesTheCurrentCommandsTrace() {
        TraceContext command = TraceContext.startCommand();
        Http http = new Http(null, JsonMapper.shared(), Duration.ofSeconds(1));

        String header = http.request(URI.create("http://127.0.0.1:1/api/v1/files"), null)
                .build()
                .headers()
                .firstValue(TraceContext.HEADER)
                .orElseThrow();

        assertThat(header).matches(TRACEPARENT).contains(command.traceId());
    }
}
