package dev.filesys.balancer;

import dev.filesys.support.BackgroundTasks;
import dev.filesys.support.ServiceIdentity;
import dev.filesys.support.TrustedProxies;
import dev.filesys.support.WebSupport;
import java.security.Security;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.PropertySource;

/**
 * The balancer: hands a client a file-service that says it is available, and a signed auth code for it.
 *
 * <p>Its defaults live in {@code dev/filesys/balancer/balancer.properties} rather than {@code application.properties},
 * so the balancer and a file-service can run in one JVM (end-to-end tests, the local launcher) without reading
 * each other's settings. Environment variables and command-line arguments override them as usual. For the same reason
 * it turns off the database auto-configuration explicitly: the balancer keeps no database, but shares a classpath with
 * the file-service there.
 */
@SpringBootApplication(
        excludeName = {
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
            "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
            "org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration"
        })
@ConfigurationPropertiesScan
@Import({WebSupport.class, BackgroundTasks.class, ApiDocumentation.class})
@PropertySource("classpath:/dev/filesys/balancer/balancer.properties")
public class BalancerApplication {

    /** How long the JVM keeps a DNS answer, unless the operator says otherwise (its default is 30 s). */
    static final String ADDRESS_CACHE_SECONDS = "5";

    public static void main(String[] args) {
        shortenAddressCache();
        // the instance in logs: the host (the pod or container) where there is one
        ServiceIdentity.application(BalancerApplication.class, "balancer", "${HOSTNAME:balancer}")
                .run(args);
    }

    /**
     * DNS discovery re-resolves the file-services' name every few seconds, which is pointless while the JVM answers
     * from its cache. The setting is read once, at the first lookup, so it is made before anything else runs; an
     * operator's {@code networkaddress.cache.ttl} or {@code -Dsun.net.inetaddr.ttl} wins.
     */
    static void shortenAddressCache() {
        if (Security.getProperty("networkaddress.cache.ttl") == null
                && System.getProperty("sun.net.inetaddr.ttl") == null) {
            Security.setProperty("networkaddress.cache.ttl", ADDRESS_CACHE_SECONDS);
        }
    }

    /**
     * The proxies whose forwarded headers are believed ({@code FILESYS_TRUSTED_PROXIES}); none in test slices, which
     * have no settings.
     */
    @Bean
    TrustedProxies trustedProxies(ObjectProvider<BalancerProperties> properties) {
        BalancerProperties settings = properties.getIfAvailable();
        return settings == null ? TrustedProxies.none() : TrustedProxies.of(settings.trustedProxies());
    }

    /** Time, in one place, so leases and code lifetimes can be tested without waiting. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
