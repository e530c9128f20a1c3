package dev.filesys.balancer.clustertoken;

import dev.filesys.balancer.BalancerProperties;
import dev.filesys.support.StartupRefused;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Guards the internal endpoints ({@code /internal/**}) and the server list ({@code /api/v1/servers}) with the cluster
 * token. Paths, not annotations, decide, so an endpoint added under {@code /internal} later is guarded by default.
 * There is no default token: without one (or with the well-known one of old versions) the balancer does not start,
 * so a deployment can never run open by accident.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BalancerProperties.class)
class ClusterTokenConfiguration implements WebMvcConfigurer {

    static final String[] GUARDED_PATHS = {"/internal/**", "/api/v1/servers", "/api/v1/servers/**"};

    private final ClusterToken token;

    ClusterTokenConfiguration(BalancerProperties properties) {
        String configured = properties.clusterToken();
        if (configured == null || configured.isBlank()) {
            throw new StartupRefused(
                    "No cluster token: the balancer refuses to start without FILESYS_CLUSTER_TOKEN.",
                    "Set FILESYS_CLUSTER_TOKEN (or filesys.balancer.cluster-token) to a long random secret, the same"
                            + " on the balancer and every file-service; e.g. openssl rand -hex 32.");
        }
        if (BalancerProperties.WELL_KNOWN_CLUSTER_TOKEN.equals(configured.strip())) {
            throw new StartupRefused(
                    "The cluster token is the publicly known '" + BalancerProperties.WELL_KNOWN_CLUSTER_TOKEN
                            + "': the balancer refuses to start with it.",
                    "Set FILESYS_CLUSTER_TOKEN to a long random secret of your own; e.g. openssl rand -hex 32.");
        }
        this.token = new ClusterToken(configured);
    }

    @Bean
    ClusterToken clusterToken() {
        return token;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new ClusterTokenInterceptor(token)).addPathPatterns(GUARDED_PATHS);
    }
}
