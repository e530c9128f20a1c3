package dev.filesys.file.files;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Request metrics for the files, shares and uploads APIs. */
@Configuration(proxyBeanMethods = false)
class FilesWebConfiguration implements WebMvcConfigurer {

    private final MeterRegistry meters;

    FilesWebConfiguration(ObjectProvider<MeterRegistry> meters) {
        // web slices without metrics get a registry of their own
        this.meters = meters.getIfAvailable(SimpleMeterRegistry::new);
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new RequestMetrics(meters))
                .addPathPatterns("/api/v1/files", "/api/v1/files/**", "/api/v1/uploads", "/api/v1/uploads/**");
    }
}
