package dev.filesys.balancer.clustertoken;

import dev.filesys.balancer.BalancerProperties;
import dev.filesys.support.ClusterToken;
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
        this.token = ClusterToken.configured(properties.clusterToken(), "balancer");
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
