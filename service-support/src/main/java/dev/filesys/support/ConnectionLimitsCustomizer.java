package dev.filesys.support;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.tomcat.TomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;

/**
 * Runs the service's HTTP connector on {@link GuardedHttp11NioProtocol} with the service's {@link HttpLimits} (its
 * {@link TrustedProxies} exempt from the connection cap), and
 * publishes what it refused ({@code filesys.http.connections.refused}, {@code filesys.http.heads.timed-out}).
 */
class ConnectionLimitsCustomizer implements WebServerFactoryCustomizer<TomcatWebServerFactory> {

    private static final Logger log = LoggerFactory.getLogger(ConnectionLimitsCustomizer.class);

    private final ObjectProvider<HttpLimits> limits;
    private final ObjectProvider<TrustedProxies> trusted;
    private final ObjectProvider<MeterRegistry> meters;

    ConnectionLimitsCustomizer(
            ObjectProvider<HttpLimits> limits,
            ObjectProvider<TrustedProxies> trusted,
            ObjectProvider<MeterRegistry> meters) {
        this.limits = limits;
        this.trusted = trusted;
        this.meters = meters;
    }

    @Override
    public void customize(TomcatWebServerFactory factory) {
        HttpLimits configured = limits.getIfAvailable(HttpLimits::defaults);
        TrustedProxies proxies = trusted.getIfAvailable(TrustedProxies::none);
        factory.setProtocol(GuardedHttp11NioProtocol.class.getName());
        factory.addConnectorCustomizers(connector -> {
            if (connector.getProtocolHandler() instanceof GuardedHttp11NioProtocol guarded) {
                guarded.configure(configured, proxies);
                log.info(
                        "HTTP limits: bodies up to {} bytes (but streaming endpoints), request heads within {} ms,"
                                + " {} connections per address (trusted proxies {} exempt)",
                        configured.maxJsonBody().toBytes(),
                        configured.headerTimeout().toMillis(),
                        configured.maxConnectionsPerAddress(),
                        proxies);
                MeterRegistry registry = meters.getIfAvailable();
                if (registry != null) {
                    FunctionCounter.builder(
                                    "filesys.http.connections.refused",
                                    guarded,
                                    g -> g.guard().refused())
                            .description("Connections closed at accept: their address held the most allowed")
                            .register(registry);
                    FunctionCounter.builder(
                                    "filesys.http.heads.timed-out",
                                    guarded,
                                    g -> g.guard().headsTimedOut())
                            .description("Connections closed because their request head did not arrive in time")
                            .register(registry);
                }
            }
        });
    }
}
