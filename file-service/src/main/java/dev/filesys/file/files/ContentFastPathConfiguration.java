package dev.filesys.file.files;

import dev.filesys.file.sessions.SessionService;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The plain download's fast path ({@link ContentFastPath}), last of all filters, so every other one still runs.
 * {@code filesys.downloads.fast-path=false} leaves every download to the controller.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "filesys.downloads.fast-path", matchIfMissing = true)
class ContentFastPathConfiguration {

    @Bean
    FilterRegistrationBean<ContentFastPath> contentFastPath(
            ObjectProvider<SessionService> sessions,
            ObjectProvider<FileReadCache> files,
            ObjectProvider<DownloadResponder> downloads,
            ObjectProvider<MeterRegistry> meters) {
        MeterRegistry registry = meters.getIfAvailable(SimpleMeterRegistry::new);
        FilterRegistrationBean<ContentFastPath> registration = new FilterRegistrationBean<>(new ContentFastPath(
                sessions::getObject, files::getObject, downloads::getObject, new RequestMetrics(registry), registry));
        registration.setOrder(Ordered.LOWEST_PRECEDENCE);
        return registration;
    }
}
