package dev.filesys.protocol.authcode;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The balancer's public keys, fetched from its {@code /.well-known/jwks.json} and cached. An unknown key id triggers
 * one refetch (rotation), but at most one per {@code minRefetchInterval}, so garbage key ids cannot make a file-service
 * hammer the balancer.
 */
public final class RemoteJwks implements AuthCodeKeys {

    private static final Logger log = LoggerFactory.getLogger(RemoteJwks.class);
    private static final int MAX_BODY = 64 * 1024;

    private final URI uri;
    private final HttpClient http;
    private final Duration timeout;
    private final Duration minRefetchInterval;
    private final Clock clock;
    private final ReentrantLock fetchLock = new ReentrantLock();

    private volatile JWKSet keys = new JWKSet();
    private volatile Instant lastFetch = Instant.MIN;

    public RemoteJwks(URI uri, HttpClient http, Duration timeout, Duration minRefetchInterval, Clock clock) {
        this.uri = Objects.requireNonNull(uri, "uri");
        this.http = Objects.requireNonNull(http, "http");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.minRefetchInterval = Objects.requireNonNull(minRefetchInterval, "minRefetchInterval");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Optional<OctetKeyPair> find(String keyId) {
        Optional<OctetKeyPair> known = lookup(keys, keyId);
        if (known.isPresent()) {
            return known;
        }
        fetchLock.lock();
        try {
            known = lookup(keys, keyId); // another thread may have refetched meanwhile
            if (known.isPresent() || clock.instant().isBefore(lastFetch.plus(minRefetchInterval))) {
                return known;
            }
            refresh();
            return lookup(keys, keyId);
        } finally {
            fetchLock.unlock();
        }
    }

    /** Fetches the key set now. Failures are logged and leave the cached keys in place. */
    public void refresh() {
        lastFetch = clock.instant();
        try {
            HttpRequest request = HttpRequest.newBuilder(uri)
                    .timeout(timeout)
                    .header("Accept", "application/json")
                    .GET()
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200 || response.body().length() > MAX_BODY) {
                log.warn("JWKS fetch from {} answered {}", uri, response.statusCode());
                return;
            }
            keys = JWKSet.parse(response.body());
        } catch (IOException | ParseException e) {
            log.warn("JWKS fetch from {} failed: {}", uri, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Optional<OctetKeyPair> lookup(JWKSet set, String keyId) {
        JWK key = set.getKeyByKeyId(keyId);
        return key instanceof OctetKeyPair okp ? Optional.of(okp) : Optional.empty();
    }
}
