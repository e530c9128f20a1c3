package dev.filesys.balancer.webapp;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Serves the web app's files (the {@code web-app} module's resources) at {@code /app/**}; the page is
 * {@link WebAppController}'s, the headers {@link WebAppHeadersConfiguration}'s. The resources sit under {@code dev/filesys/webapp/}, not {@code static/}, so that a
 * file-service sharing the balancer's class path (the launcher, end-to-end tests) does not serve them too.
 */
@Configuration(proxyBeanMethods = false)
class WebAppConfiguration implements WebMvcConfigurer {

    static final String LOCATION = "dev/filesys/webapp/";

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        // ETag/Last-Modified revalidation: a new release is picked up at the next load, an unchanged file costs a 304
        registry.addResourceHandler("/app/**")
                .addResourceLocations("classpath:/" + LOCATION + "app/")
                .setCacheControl(CacheControl.noCache())
                .setUseLastModified(true);
    }
}
