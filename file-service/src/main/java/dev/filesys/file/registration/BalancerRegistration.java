package dev.filesys.file.registration;

import dev.filesys.file.FileServiceProperties;
import dev.filesys.file.availability.InstanceAvailability;
import dev.filesys.file.availability.ProbeWarmUp;
import dev.filesys.protocol.ServerRegistration;
import dev.filesys.protocol.authcode.AuthCodeKeys;
import dev.filesys.protocol.authcode.RemoteJwks;
import dev.filesys.support.BearerToken;
import dev.filesys.support.OutgoingTrace;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps this instance registered with the balancer ({@code PUT /internal/v1/servers/{serverId}} every heartbeat, with
 * the cluster token; the URL to probe it at, and the one for clients when that is another) and takes it out gracefully: on shutdown it first says no to new clients (draining), stops the
 * heartbeat and deregisters ({@code DELETE}); Boot's graceful shutdown then lets requests in flight finish before the
 * web server stops. A balancer that is down costs a log line, never the start: the next beat tries again.
 *
 * <p>Each heartbeat is a trace of its own, sent as W3C {@code traceparent}, so its lines here and at the balancer match.
 *
 * <p>Before it registers it warms up the probe path ({@link ProbeWarmUp}), so the balancer's first probe is answered in
 * time.
 *
 * <p>It stops before the web server's graceful shutdown (a higher phase stops earlier) and starts after the web server,
 * when the port it listens on is known. A context that is stopped and started again (Spring's test framework pauses
 * cached contexts that way) takes clients again after the start.
 */
@Component
class BalancerRegistration implements SmartLifecycle, ApplicationListener<WebServerInitializedEvent> {

    private static final Logger log = LoggerFactory.getLogger(BalancerRegistration.class);

    private final InstanceAvailability availability;
    private final ProbeWarmUp warmUp;
    private final String listenAddress;
    private final AuthCodeKeys balancerKeys;
    private final JsonMapper json;
    private final FileServiceProperties.Balancer balancer;
    private final FileServiceProperties.Server server;
    private final HttpClient http;
    private final TaskScheduler scheduler;
    /** Held by each beat and by deregistration, so no beat in flight lands after the deregistration. */
    private final ReentrantLock beating = new ReentrantLock();

    private final OutgoingTrace trace;

    private volatile int port = -1;
    private volatile boolean running;
    private volatile Boolean lastBeatSucceeded;
    private volatile boolean registered;
    private volatile ScheduledFuture<?> heartbeat;
    private URI registrationUri;

    BalancerRegistration(
            InstanceAvailability availability,
            ProbeWarmUp warmUp,
            AuthCodeKeys balancerKeys,
            JsonMapper json,
            FileServiceProperties properties,
            Environment environment,
            TaskScheduler scheduler,
            OutgoingTrace trace) {
        this.scheduler = scheduler;
        this.availability = availability;
        this.warmUp = warmUp;
        this.listenAddress = environment.getProperty("server.address", "");
        this.balancerKeys = balancerKeys;
        this.json = json;
        this.balancer = properties.balancer();
        this.server = properties.server();
        this.trace = trace;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(balancer.requestTimeout())
                .build();
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if (event.getApplicationContext().getServerNamespace() == null) {
            port = event.getWebServer().getPort();
        }
    }

    @Override
    public void start() {
        running = true;
        availability.accept();
        // before any balancer hears of this instance (by its registration, or by its readiness: DNS discovery lists
        // only ready pods), so that its first probe is not the one that pays for a cold JVM
        if (port > 0) {
            warmUp.warmUp(URI.create("http://" + loopbackOrListenAddress() + ":" + port));
        }
        if (!balancer.register()) {
            log.info("registration with the balancer is off (filesys.balancer.register=false)");
            return;
        }
        String publicUrl = publicUrl();
        if (publicUrl == null) {
            log.warn("not registering with the balancer: no filesys.server.public-url and no web server port");
            return;
        }
        String internalUrl = server.internalUrlIfSet();
        ServerRegistration registration = internalUrl == null || internalUrl.equals(publicUrl)
                ? new ServerRegistration(publicUrl)
                : new ServerRegistration(internalUrl, publicUrl);
        registrationUri = URI.create(balancer.url().replaceAll("/+$", "") + "/internal/v1/servers/"
                + URLEncoder.encode(server.id(), StandardCharsets.UTF_8));
        // the balancer probes a registered server with a token signed by its key: have the keys before it first asks,
        // so the first probe does not wait for a JWKS fetch (and time out on a busy machine)
        if (balancerKeys instanceof RemoteJwks remote) {
            remote.refresh();
        }
        byte[] body = json.writeValueAsBytes(registration);
        log.info(
                "registering as {} at {} (clients: {}) with the balancer {}",
                server.id(),
                registration.url(),
                publicUrl,
                balancer.url());
        registered = true;
        heartbeat = scheduler.scheduleWithFixedDelay(() -> beat(body), balancer.heartbeat());
    }

    /** Drains: no to new clients, no more heartbeats, deregistered. Requests in flight carry on. */
    @Override
    public void stop() {
        availability.drain();
        ScheduledFuture<?> beats = heartbeat;
        if (beats != null) {
            registered = false;
            heartbeat = null;
            beats.cancel(true);
            beating.lock();
            try {
                deregister();
            } finally {
                beating.unlock();
            }
        }
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Where this instance's own requests reach its web server: the address it listens on, if it names one. */
    private String loopbackOrListenAddress() {
        String address = listenAddress.strip();
        if (address.isEmpty() || address.equals("0.0.0.0") || address.equals("::") || address.equals("[::]")) {
            return "127.0.0.1";
        }
        return address.contains(":") && !address.startsWith("[") ? "[" + address + "]" : address;
    }

    private String publicUrl() {
        String configured = server.publicUrlIfSet();
        return configured != null ? configured : port > 0 ? "http://127.0.0.1:" + port : null;
    }

    private void beat(byte[] body) {
        beating.lock();
        try {
            if (registered) {
                beatOnce(body);
            }
        } finally {
            beating.unlock();
        }
    }

    private void beatOnce(byte[] body) {
        boolean ok = trace.inTrace(
                "balancer-heartbeat",
                () -> send(HttpRequest.newBuilder(registrationUri)
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(body))));
        if (!Boolean.valueOf(ok).equals(lastBeatSucceeded)) {
            if (ok) {
                log.info("registered with the balancer {}", balancer.url());
            } else {
                log.warn(
                        "cannot register with the balancer {}; trying again every {} ms",
                        balancer.url(),
                        balancer.heartbeat().toMillis());
            }
            lastBeatSucceeded = ok;
        }
    }

    private void deregister() {
        if (trace.inTrace(
                "balancer-deregistration",
                () -> send(HttpRequest.newBuilder(registrationUri).DELETE()))) {
            log.info("deregistered from the balancer {}", balancer.url());
        } else {
            log.warn("could not deregister from the balancer {}; its lease will run out", balancer.url());
        }
    }

    private boolean send(HttpRequest.Builder request) {
        try {
            HttpResponse<Void> response = http.send(
                    trace.propagate(request)
                            .timeout(balancer.requestTimeout())
                            .header("Authorization", BearerToken.header(balancer.clusterToken()))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 != 2) {
                log.debug(
                        "balancer answered {} to {}",
                        response.statusCode(),
                        response.request().method());
                return false;
            }
            return true;
        } catch (IOException e) {
            log.debug("balancer unreachable: {}", e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
