package dev.filesys.balancer.polling;

import dev.filesys.balancer.BalancerProperties;
import dev.filesys.balancer.clustertoken.ProbeTokens;
import dev.filesys.balancer.polling.ProbeResult.Outcome;
import dev.filesys.balancer.registry.KnownServer;
import dev.filesys.balancer.registry.ServerAddresses;
import dev.filesys.balancer.registry.ServerSource;
import dev.filesys.protocol.Availability;
import dev.filesys.support.BearerToken;
import dev.filesys.support.ClusterToken;
import dev.filesys.support.OutgoingTrace;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asks a file-service {@code GET /internal/v1/availability} (with the cluster token, or a probe token for a
 * self-registered server, see {@link #authorization}) and records the outcome in the
 * server's health. A 200 with an {@code Availability} body is an answer (yes or no); anything else (refused, timed out,
 * any other status, a malformed or oversized body, a {@code serverId} that is not a server id, a {@code publicUrl} that
 * is not an http(s) base URL) is a failure. A probe
 * never takes longer than the connect timeout plus the read timeout.
 *
 * <p>A probe carries the W3C {@code traceparent} of the assignment request it serves, or of a trace of its own for a
 * background check, so the file-service's log line for it has the same trace id as the balancer's.
 *
 * <p>The {@code User-Agent} says whether a probe comes from an assignment request or the background checker, so a
 * file-service's logs (and the tests) can tell them apart.
 */
@Component
public class AvailabilityProbe implements AutoCloseable {

    static final String ASSIGNMENT_AGENT = "filesys-balancer/assignment-probe";
    static final String BACKGROUND_AGENT = "filesys-balancer/background-check";
    private static final int MAX_ANSWER_BYTES = 16 * 1024;
    private static final int MAX_REASON_LENGTH = 100;

    private final HttpClient http;
    private final Duration readTimeout;
    private final Duration limit;
    private final ClusterToken token;
    private final ProbeTokens probeTokens;
    private final JsonMapper json;
    private final Clock clock;
    private final OutgoingTrace trace;
    private final Map<Outcome, Timer> timers = new EnumMap<>(Outcome.class);

    AvailabilityProbe(
            BalancerProperties properties,
            ClusterToken token,
            ProbeTokens probeTokens,
            JsonMapper json,
            Clock clock,
            MeterRegistry meters,
            OutgoingTrace trace) {
        Duration connectTimeout = properties.polling().connectTimeout();
        this.readTimeout = properties.polling().readTimeout();
        this.limit = connectTimeout.plus(readTimeout);
        this.http = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.token = token;
        this.probeTokens = probeTokens;
        this.json = json;
        this.clock = clock;
        this.trace = trace;
        for (Outcome outcome : Outcome.values()) {
            timers.put(
                    outcome,
                    Timer.builder("filesys.balancer.probes")
                            .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                            .description("Availability probes of file-services by outcome")
                            .register(meters));
        }
    }

    /** Asks {@code server} on behalf of an assignment request, and records the outcome in its health. */
    public ProbeResult ask(KnownServer server) {
        return probe(server, ASSIGNMENT_AGENT);
    }

    /** Asks {@code server} on behalf of the background checker, and records the outcome in its health. */
    ProbeResult check(KnownServer server) {
        return probe(server, BACKGROUND_AGENT);
    }

    /** In the trace of the assignment request that asks, or in a trace of its own for a background check. */
    private ProbeResult probe(KnownServer server, String agent) {
        return trace.inTrace("availability-probe", () -> probeInTrace(server, agent));
    }

    private ProbeResult probeInTrace(KnownServer server, String agent) {
        long start = System.nanoTime();
        Availability answer;
        try {
            answer = exchange(server, agent);
        } catch (ProbeFailed failure) {
            Duration latency = Duration.ofNanos(System.nanoTime() - start);
            server.recordFailure(latency, clock.instant(), failure.getMessage());
            timers.get(Outcome.FAILURE).record(latency);
            return new ProbeResult(Outcome.FAILURE, null, latency);
        } catch (InterruptedException e) {
            // our own shutdown, not the server's fault: nothing is recorded against it
            Thread.currentThread().interrupt();
            return new ProbeResult(Outcome.FAILURE, null, Duration.ofNanos(System.nanoTime() - start));
        }
        Duration latency = Duration.ofNanos(System.nanoTime() - start);
        server.recordAnswer(answer, latency, clock.instant());
        Outcome outcome = answer.available() ? Outcome.YES : Outcome.NO;
        timers.get(outcome).record(latency);
        return new ProbeResult(outcome, answer, latency);
    }

    private Availability exchange(KnownServer server, String agent) throws ProbeFailed, InterruptedException {
        HttpRequest request = trace.propagate(HttpRequest.newBuilder(server.availabilityUri()))
                .timeout(readTimeout)
                .header("Authorization", authorization(server))
                .header("Accept", "application/json")
                .header("User-Agent", agent)
                .GET()
                .build();
        CompletableFuture<HttpResponse<byte[]>> exchange =
                http.sendAsync(request, info -> new LimitedBody(MAX_ANSWER_BYTES));
        HttpResponse<byte[]> response;
        try {
            // the request timeout covers the wait for the headers; this bound covers the whole exchange
            response = exchange.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw new ProbeFailed("no answer within " + limit.toMillis() + " ms");
        } catch (InterruptedException e) {
            exchange.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            throw new ProbeFailed(describe(e.getCause()));
        }
        if (response.statusCode() != 200) {
            throw new ProbeFailed("answered HTTP " + response.statusCode());
        }
        return parse(response.body());
    }

    /**
     * The cluster token goes only to servers the operator named (configuration, DNS discovery); a self-registered
     * server's URL is only what a registration claimed, so it gets a probe token that opens nothing but this answer.
     */
    private String authorization(KnownServer server) {
        return server.source() == ServerSource.REGISTERED
                ? BearerToken.header(probeTokens.forServer(server.id()))
                : token.authorizationHeader();
    }

    private Availability parse(byte[] body) throws ProbeFailed {
        JsonNode answer;
        try {
            answer = json.readTree(body);
        } catch (JacksonException e) {
            throw new ProbeFailed("answer is not JSON");
        }
        if (answer == null || !answer.isObject() || !answer.path("available").isBoolean()) {
            throw new ProbeFailed("answer has no boolean 'available'");
        }
        JsonNode reason = answer.path("reason");
        return new Availability(
                answer.path("available").booleanValue(),
                count(answer, "activeSessions"),
                count(answer, "capacity"),
                reason.isString() ? truncate(reason.stringValue()) : null,
                serverId(answer),
                publicUrl(answer));
    }

    /** The id the server names itself by, if it does; it becomes the audience of the codes signed for it. */
    private static String serverId(JsonNode answer) throws ProbeFailed {
        JsonNode value = answer.path("serverId");
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isString() || !ServerAddresses.isValidId(value.stringValue())) {
            throw new ProbeFailed("answer's 'serverId' is not a server id");
        }
        return value.stringValue();
    }

    /** Where the server's clients are to be sent, if it says; a URL that breaks the rules for URLs is a failure. */
    private static String publicUrl(JsonNode answer) throws ProbeFailed {
        JsonNode value = answer.path("publicUrl");
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        URI url = value.isString() ? ServerAddresses.validUrlOrNull(value.stringValue()) : null;
        if (url == null) {
            throw new ProbeFailed("answer's 'publicUrl' is not an http(s) base URL");
        }
        return url.toString();
    }

    private static int count(JsonNode answer, String field) throws ProbeFailed {
        JsonNode value = answer.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return 0;
        }
        if (!value.isInt() || value.intValue() < 0) {
            throw new ProbeFailed("answer's '" + field + "' is not a count");
        }
        return value.intValue();
    }

    private static String truncate(String reason) {
        return reason.length() <= MAX_REASON_LENGTH ? reason : reason.substring(0, MAX_REASON_LENGTH);
    }

    private static String describe(Throwable cause) {
        return switch (cause) {
            case HttpConnectTimeoutException e -> "connect timed out";
            case HttpTimeoutException e -> "read timed out";
            case ConnectException e -> "connection refused";
            case IOException e -> "I/O failure: " + e.getClass().getSimpleName();
            default -> "failed: " + cause.getClass().getSimpleName();
        };
    }

    @Override
    public void close() {
        http.shutdownNow();
    }

    /** A probe got no usable answer; the message says why, for the log. */
    private static final class ProbeFailed extends Exception {
        ProbeFailed(String why) {
            super(why, null, false, false);
        }
    }
}
