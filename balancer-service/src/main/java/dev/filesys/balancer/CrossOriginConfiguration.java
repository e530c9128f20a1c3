package dev.filesys.balancer;

import dev.filesys.support.AllowedOrigins;
import dev.filesys.support.CorsSettings;
import dev.filesys.support.CrossOriginFilter;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * CORS on the balancer: the configured origins, or by default the balancer's own origin on every loopback name (a page
 * opened at {@code http://localhost:8080} may ask {@code http://127.0.0.1:8080} for a server).
 */
@Configuration(proxyBeanMethods = false)
class CrossOriginConfiguration {

    @Bean
    FilterRegistrationBean<CrossOriginFilter> crossOriginFilter(
            BalancerProperties properties, Environment environment) {
        CorsSettings cors = properties.cors();
        AllowedOrigins origins = cors.configured()
                ? AllowedOrigins.of(cors.allowedOrigins())
                : AllowedOrigins.loopback(() -> environment.getProperty("local.server.port", Integer.class, -1));
        return CrossOriginFilter.registration(cors, origins);
    }
}
