package dev.filesys.balancer;

import dev.filesys.support.HttpLimits;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The balancer's limits on request bodies, request heads and connections, for the shared web plumbing. */
@Configuration(proxyBeanMethods = false)
class WebLimits {

    @Bean
    HttpLimits httpLimits(BalancerProperties properties) {
        BalancerProperties.Limits limits = properties.limits();
        // the balancer has no streaming endpoint: every body is small
        return new HttpLimits(
                limits.maxJsonBody(), List.of(), limits.headerTimeout(), limits.maxConnectionsPerAddress());
    }
}
