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
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The JDK {@link HttpClient} for the transfers (tus uploads, downloads, the event stream), which stream their bodies and
 * watch them for stalls: bearer tokens, problem+json errors as {@link RequestRefused}, and transport failures as
 * {@link ServerUnreachable}.
 */
final class Http {

    private final HttpClient client;
    private final Duration requestTimeout;

    Http(HttpClient client, Duration requestTimeout) {
        this.client = client;
        this.requestTimeout = requestTimeout;
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
    static RequestRefused refusal(HttpResponse<InputStream> response) {
        return refusal(response.statusCode(), response.headers(), Problems.readSome(response.body()));
    }

    static RequestRefused refusal(int status, HttpHeaders headers, byte[] body) {
        return Problems.refusal(status, headers.firstValue("Retry-After").orElse(null), body);
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
}
