package dev.filesys.file.testsupport;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.filesys.protocol.authcode.AuthCodeSigner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for the balancer on a real loopback port, for tests that do not start the real one: it publishes an
 * Ed25519 key at {@code /.well-known/jwks.json}, signs auth codes with it, and records the file-services' heartbeats
 * ({@code PUT}) and deregistrations ({@code DELETE}) on {@code /internal/v1/servers/{id}}.
 */
public final class StubBalancer implements AutoCloseable {

    public static final String CLUSTER_TOKEN = "test-cluster-token";

    private static StubBalancer shared;

    private final HttpServer server;
    private final OctetKeyPair key;
    private final AuthCodeSigner signer;
    private final Map<String, String> registered = new ConcurrentHashMap<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();

    public StubBalancer() {
        this(0);
    }

    /** @param port the loopback port to listen on, or 0 for any free one */
    public StubBalancer(int port) {
        this.key = generateKey("stub-key");
        this.signer = new AuthCodeSigner(key, "stub-balancer", Duration.ofSeconds(30), Clock.systemUTC());
        try {
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/.well-known/jwks.json", this::jwks);
        server.createContext("/internal/v1/servers/", this::servers);
        server.start();
    }

    /** One stub for the whole JVM, started on first use. */
    public static synchronized StubBalancer shared() {
        if (shared == null) {
            shared = new StubBalancer();
        }
        return shared;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A fresh, valid auth code for {@code serverId}. */
    public String authCode(String serverId) {
        return signer.sign(serverId).code();
    }

    /** A signer with this stub's key but other settings (e.g. a lifetime already over). */
    public AuthCodeSigner signer(Duration lifetime, Clock clock) {
        return new AuthCodeSigner(key, "stub-balancer", lifetime, clock);
    }

    /** The servers registered now, by id, with their URLs. */
    public Map<String, String> registered() {
        return Map.copyOf(registered);
    }

    /** Every registration call so far, as {@code "PUT file-1"} / {@code "DELETE file-1"}. */
    public List<String> calls() {
        return List.copyOf(calls);
    }

    /** A new Ed25519 key pair with the given id. */
    public static OctetKeyPair generateKey(String keyId) {
        try {
            return new OctetKeyPairGenerator(Curve.Ed25519).keyID(keyId).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private void jwks(HttpExchange exchange) throws IOException {
        respond(exchange, 200, new JWKSet(key.toPublicJWK()).toString());
    }

    private void servers(HttpExchange exchange) throws IOException {
        String serverId = exchange.getRequestURI().getPath().substring("/internal/v1/servers/".length());
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (!("Bearer " + CLUSTER_TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            respond(exchange, 401, "{\"code\":\"INVALID_CLUSTER_TOKEN\"}");
            return;
        }
        switch (exchange.getRequestMethod()) {
            case "PUT" -> {
                String url = body.replaceAll("(?s).*\"url\"\\s*:\\s*\"([^\"]*)\".*", "$1");
                registered.put(serverId, url);
                calls.add("PUT " + serverId);
                respond(exchange, 200, "{}");
            }
            case "DELETE" -> {
                registered.remove(serverId);
                calls.add("DELETE " + serverId);
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            }
            default -> respond(exchange, 405, "{}");
        }
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (var body = exchange.getResponseBody()) {
            body.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
