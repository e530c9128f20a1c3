package dev.filesys.file.uploads;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * tus creation and discovery answer at {@code /api/v1/uploads} and at {@code /api/v1/uploads/}, since tus clients are
 * configured with either (tusd's default endpoint is {@code /files/}). The OpenAPI description lists them once, without
 * the trailing slash: the other spelling would be a second copy of the same operations under a path that OpenAPI
 * linters refuse.
 */
@Configuration(proxyBeanMethods = false)
class TusEndpointDocumentation {

    static final String WITH_TRAILING_SLASH = "/api/v1/uploads/";

    @Bean
    OpenApiCustomizer tusEndpointOnce() {
        return api -> {
            if (api.getPaths() != null) {
                api.getPaths().remove(WITH_TRAILING_SLASH);
            }
        };
    }
}
