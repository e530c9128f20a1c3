package dev.filesys.protocol.authcode;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on a random loopback port publishing a JWK Set at {@code /.well-known/jwks.json}, as the balancer
 * does, and counting how often it is fetched.
 */
final class JwksServer implements AutoCloseable {

    private final HttpServer server;
    private final AtomicInteger fetches = new AtomicInteger();
    private volatile String body = new JWKSet().toString();
    private volatile boolean failing;
    private volatile CountDownLatch held;

    JwksServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/.well-known/jwks.json", exchange -> {
            fetches.incrementAndGet();
            CountDownLatch hold = held;
            if (hold != null) {
                try {
                    hold.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (failing) {
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    /** Publishes the public parts of {@code keys}, as the balancer's endpoint does. */
    void publish(List<? extends JWK> keys) {
        body = new JWKSet(List.<JWK>copyOf(keys)).toPublicJWKSet().toString();
    }

    /** Publishes {@code json} as it is, e.g. a key set padded past a size limit. */
    void publishRaw(String json) {
        body = json;
    }

    /** Fetches from now on wait until the latch opens (at most 30 s) before answering. */
    void holdFetchesUntil(CountDownLatch latch) {
        held = latch;
    }

    /** From now on every fetch answers 503, as a balancer that is down or restarting would. */
    void fail() {
        failing = true;
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/jwks.json");
    }

    int fetches() {
        return fetches.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
