package dev.filesys.balancer.clustertoken;

import dev.filesys.balancer.BalancerProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Guards the internal endpoints ({@code /internal/**}) and the server list ({@code /api/v1/servers}) with the cluster
 * token. Paths, not annotations, decide, so an endpoint added under {@code /internal} later is guarded by default.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BalancerProperties.class)
class ClusterTokenConfiguration implements WebMvcConfigurer {

    static final String[] GUARDED_PATHS = {"/internal/**", "/api/v1/servers", "/api/v1/servers/**"};

    private static final Logger log = LoggerFactory.getLogger(ClusterTokenConfiguration.class);

    private final ClusterToken token;

    ClusterTokenConfiguration(BalancerProperties properties) {
        if (BalancerProperties.DEFAULT_CLUSTER_TOKEN.equals(properties.clusterToken())) {
            log.warn("The cluster token is the local default: set FILESYS_CLUSTER_TOKEN to a secret before"
                    + " this balancer is reachable by anyone but you.");
        }
        this.token = new ClusterToken(properties.clusterToken());
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
