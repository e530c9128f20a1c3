package dev.filesys.cli.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JDK {@link HttpClient} with this project's conventions: JSON bodies, bearer tokens, problem+json errors as
 * {@link RequestRefused}, and transport failures as {@link ServerUnreachable}.
 */
final class Http {

    /** The code of the edge proxy's 404 for a {@code /s/{serverId}/…} path that leads to no file-service. */
    static final String UNKNOWN_SERVER = "UNKNOWN_SERVER";

    private static final Map<Integer, String> STATUS_CODES = Map.ofEntries(
            Map.entry(400, "BAD_REQUEST"),
            Map.entry(401, "UNAUTHORIZED"),
            Map.entry(403, "FORBIDDEN"),
            Map.entry(404, "NOT_FOUND"),
            Map.entry(405, "METHOD_NOT_ALLOWED"),
            Map.entry(409, "CONFLICT"),
            Map.entry(410, "GONE"),
            Map.entry(412, "PRECONDITION_FAILED"),
            Map.entry(413, "CONTENT_TOO_LARGE"),
            Map.entry(415, "UNSUPPORTED_MEDIA_TYPE"),
            Map.entry(416, "REQUESTED_RANGE_NOT_SATISFIABLE"),
            Map.entry(429, "TOO_MANY_REQUESTS"),
            Map.entry(500, "INTERNAL_SERVER_ERROR"),
            Map.entry(502, "BAD_GATEWAY"),
            Map.entry(503, "SERVICE_UNAVAILABLE"),
            Map.entry(504, "GATEWAY_TIMEOUT"),
            Map.entry(507, "INSUFFICIENT_STORAGE"));

    private final HttpClient client;
    private final JsonMapper json;
    private final Duration requestTimeout;

    Http(HttpClient client, JsonMapper json, Duration requestTimeout) {
        this.client = client;
        this.json = json;
        this.requestTimeout = requestTimeout;
    }

    JsonMapper json() {
        return json;
    }

    /**
     * A request with the JSON {@code Accept} header, the command's {@link TraceContext trace}, the bearer token (if any)
     * and the default timeout.
     */
    HttpRequest.Builder request(URI uri, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(requestTimeout)
                .header("Accept", "application/json, application/problem+json")
                .header(TraceContext.HEADER, TraceContext.current().traceparent());
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    HttpRequest.BodyPublisher jsonBody(Object body) {
        return HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body));
    }

    /** Sends a request and reads a JSON answer as {@code type} ({@code Void} for none); any non-2xx is refused. */
    <T> T exchange(HttpRequest request, Class<T> type, boolean balancer) {
        HttpResponse<byte[]> response = send(request, HttpResponse.BodyHandlers.ofByteArray(), balancer);
        if (response.statusCode() / 100 != 2) {
            throw refusal(response.statusCode(), response.headers(), response.body());
        }
        if (type == Void.class || response.body().length == 0) {
            return null;
        }
        try {
            return json.readValue(response.body(), type);
        } catch (JacksonException e) {
            throw new RequestRefused(
                    response.statusCode(),
                    "UNREADABLE_RESPONSE",
                    "the server's answer to " + request.method() + " "
                            + request.uri().getPath() + " could not be read: " + e.getOriginalMessage(),
                    null);
        }
    }

    /** Sends a request; transport failures become {@link ServerUnreachable}, the status is left to the caller. */
    <T> HttpResponse<T> send(HttpRequest request, BodyHandler<T> handler, boolean balancer) {
        try {
            return client.send(request, handler);
        } catch (IOException e) {
            throw unreachable(request.uri(), e, balancer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServerUnreachable(balancer, "interrupted while waiting for " + origin(request.uri()), e);
        }
    }

    /**
     * Sends a request whose body is streamed, ending it when the body stops moving for {@code stallTimeout} (see
     * {@link StallWatch}); transport failures and stalls become {@link ServerUnreachable}.
     *
     * @param sent how many bytes of the body were handed to the client so far
     * @param sending whether the body is still being sent (once it is, the request timeout alone applies)
     */
    <T> HttpResponse<T> sendWatched(
            HttpRequest request,
            BodyHandler<T> handler,
            Duration stallTimeout,
            LongSupplier sent,
            BooleanSupplier sending) {
        CompletableFuture<HttpResponse<T>> exchange = client.sendAsync(request, handler);
        try (StallWatch watch = new StallWatch(stallTimeout, sent, sending, () -> exchange.cancel(true))) {
            try {
                return exchange.get();
            } catch (CancellationException e) {
                throw new ServerUnreachable(
                        false,
                        "the file-service at " + origin(request.uri()) + " stopped taking data (nothing for "
                                + stallTimeout.toSeconds() + " s)",
                        e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException runtime) {
                    throw runtime;
                }
                IOException failure = cause instanceof IOException io ? io : new IOException(cause);
                throw unreachable(request.uri(), failure, false);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.cancel(true);
                throw new ServerUnreachable(false, "interrupted while waiting for " + origin(request.uri()), e);
            }
        }
    }

    /** Reads the remaining (error) body of a streamed response and turns it into a refusal. */
    RequestRefused refusal(HttpResponse<InputStream> response) {
        byte[] body;
        try (InputStream in = response.body()) {
            body = in.readNBytes(64 * 1024);
        } catch (IOException e) {
            body = new byte[0];
        }
        return refusal(response.statusCode(), response.headers(), body);
    }

    /**
     * The refusal a problem body describes.
     *
     * @throws ServerUnreachable instead, when an edge proxy answered that it reaches no such file-service
     *     ({@code 404 UNKNOWN_SERVER}): for the client that is a server gone, not a request refused
     */
    RequestRefused refusal(int status, HttpHeaders headers, byte[] body) {
        String code = null;
        String detail = null;
        try {
            JsonNode problem = body.length == 0 ? null : json.readTree(body);
            if (problem != null && problem.isObject()) {
                code = text(problem, "code");
                detail = text(problem, "detail");
                if (detail == null) {
                    detail = text(problem, "title");
                }
            }
        } catch (JacksonException e) {
            // not a problem body (a proxy's HTML page, say): the status speaks for it
        }
        if (status == 404 && UNKNOWN_SERVER.equals(code)) {
            // the edge proxy reaches no file-service of that name (any more): the server is gone, as if it had
            // refused the connection, and the session moves to another
            throw new ServerUnreachable(false, "the file-service is gone (" + detail + ")", null);
        }
        if (code == null) {
            code = STATUS_CODES.getOrDefault(status, "HTTP_" + status);
        }
        if (detail == null || detail.isBlank()) {
            detail = "the server answered HTTP " + status;
        }
        return new RequestRefused(status, code, detail, retryAfter(headers));
    }

    static ServerUnreachable unreachable(URI uri, IOException e, boolean balancer) {
        String reason = reason(e);
        String message = balancer
                ? "cannot reach the balancer at " + origin(uri) + " (" + reason + ")"
                : "the file-service at " + origin(uri) + " is not answering (" + reason + ")";
        return new ServerUnreachable(balancer, message, e);
    }

    static String reason(IOException e) {
        if (e instanceof HttpConnectTimeoutException) {
            return "connect timed out";
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer in time";
        }
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        if (e instanceof ClosedChannelException) {
            return "connection closed";
        }
        String message = e.getMessage();
        // the JDK client wraps the real failure of a streamed body in IOException("closed", cause)
        if ("closed".equals(message) && e.getCause() instanceof IOException cause) {
            return reason(cause);
        }
        if (message == null
                || message.isBlank()
                || message.contains("received no bytes")
                || message.startsWith("EOF")
                || message.equals("closed")) {
            return "connection closed";
        }
        if (message.toLowerCase(Locale.ROOT).contains("connection reset")) {
            return "connection reset";
        }
        return message;
    }

    static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static Duration retryAfter(HttpHeaders headers) {
        return headers.firstValue("Retry-After")
                .filter(value -> value.chars().allMatch(Character::isDigit) && !value.isEmpty())
                .map(value -> Duration.ofSeconds(Long.parseLong(value)))
                .orElse(null);
    }
}
