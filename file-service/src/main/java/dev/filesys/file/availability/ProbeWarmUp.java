package dev.filesys.file.availability;

import dev.filesys.file.FileServiceProperties;
import dev.filesys.support.BearerToken;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/**
 * Makes the balancer's probe path warm before anyone learns of this instance: a fresh JVM takes hundreds of
 * milliseconds for its first probe (the dispatcher servlet starting, the first probe token's JOSE and Ed25519 code
 * loading), longer than a balancer waits for an answer, so its first probes would fail and its first clients be told
 * that no server is available. {@link #warmUp} runs that path once: a probe token checked in-process, and the probe
 * asked over this instance's own HTTP port, with the cluster token and with a token it refuses.
 */
@Component
public class ProbeWarmUp {

    private static final Logger log = LoggerFactory.getLogger(ProbeWarmUp.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String PROBE_PATH = "/internal/v1/availability";

    private final ProbeTokenVerifier probeTokens;
    private final String clusterToken;

    ProbeWarmUp(ProbeTokenVerifier probeTokens, FileServiceProperties properties) {
        this.probeTokens = probeTokens;
        this.clusterToken = properties.balancer().clusterToken();
    }

    /**
     * Runs the probe path once; a failure is logged and otherwise ignored (the instance starts either way).
     *
     * @param self the base URL this instance's web server answers at, e.g. {@code http://127.0.0.1:8081}
     */
    public void warmUp(URI self) {
        long started = System.nanoTime();
        boolean verified = probeTokens.warmUp();
        int withToken = ask(self, clusterToken);
        // a well-formed token no balancer signed: the refusal and its problem answer
        int refused = ask(self, "eyJhbGciOiJFZERTQSIsImtpZCI6Indhcm0tdXAifQ.e30.AAAA");
        log.info(
                "probe path warmed up in {} ms (probe token check {}, probe {}, refused probe {})",
                (System.nanoTime() - started) / 1_000_000,
                verified ? "passed" : "FAILED",
                withToken,
                refused);
    }

    private static int ask(URI self, String token) {
        try (HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(TIMEOUT)
                .build()) {
            return http.send(
                            HttpRequest.newBuilder(self.resolve(PROBE_PATH))
                                    .timeout(TIMEOUT)
                                    .header(HttpHeaders.AUTHORIZATION, BearerToken.header(token))
                                    .header(HttpHeaders.USER_AGENT, "filesys-file-service/warm-up")
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException | RuntimeException e) {
            log.warn("warming up the probe path failed: {}", e.toString());
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
