package dev.filesys.file.uploads;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** The tus version check and {@code Tus-Resumable} header on every request under {@code /api/v1/uploads}. */
@Configuration(proxyBeanMethods = false)
class TusWebConfiguration implements WebMvcConfigurer {

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new TusVersionInterceptor()).addPathPatterns("/api/v1/uploads", "/api/v1/uploads/**");
    }
}
