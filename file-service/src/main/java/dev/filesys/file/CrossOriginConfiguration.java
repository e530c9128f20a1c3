package dev.filesys.file;

import dev.filesys.support.AllowedOrigins;
import dev.filesys.support.CorsSettings;
import dev.filesys.support.CrossOriginFilter;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * CORS on a file-service: the web app is served by the balancer, another origin, and calls this service directly. The
 * configured origins, or by default the balancer's ({@code filesys.balancer.url}), which is the local system's: with
 * the launcher the app is at {@code http://127.0.0.1:8080} and this service at {@code :8081}.
 */
@Configuration(proxyBeanMethods = false)
class CrossOriginConfiguration {

    @Bean
    FilterRegistrationBean<CrossOriginFilter> crossOriginFilter(FileServiceProperties properties) {
        CorsSettings cors = properties.cors();
        return CrossOriginFilter.registration(
                cors,
                AllowedOrigins.of(
                        cors.configured()
                                ? cors.allowedOrigins()
                                : AllowedOrigins.originsOf(properties.balancer().url())));
    }
}
