package dev.filesys.balancer.webapp;

import dev.filesys.balancer.registry.ServerRegistry;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Puts {@link WebAppHeaders} on the app's page and files. Apart from {@link WebAppConfiguration}, a
 * {@code WebMvcConfigurer} that web slice tests load, so that those need no registry.
 */
@Configuration(proxyBeanMethods = false)
class WebAppHeadersConfiguration {

    @Bean
    FilterRegistrationBean<WebAppHeaders> webAppHeaders(ServerRegistry registry) {
        FilterRegistrationBean<WebAppHeaders> registration =
                new FilterRegistrationBean<>(new WebAppHeaders(registry::servers));
        registration.addUrlPatterns("/", "/index.html", "/app/*");
        return registration;
    }
}
