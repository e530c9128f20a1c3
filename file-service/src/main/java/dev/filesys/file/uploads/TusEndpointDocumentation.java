package dev.filesys.file.uploads;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * tus creation and discovery answer at {@code /api/v1/uploads} and at {@code /api/v1/uploads/}, since tus clients are
 * configured with either (tusd's default endpoint is {@code /files/}). The OpenAPI description lists them once, without
 * the trailing slash: the other spelling would be a second copy of the same operations under a path that OpenAPI
 * linters refuse. Discovery is listed at the endpoint only, where tus clients ask, and the append by POST (with {@code
 * X-HTTP-Method-Override: PATCH}) answers as the PATCH does.
 */
@Configuration(proxyBeanMethods = false)
class TusEndpointDocumentation {

    static final String WITH_TRAILING_SLASH = "/api/v1/uploads/";
    static final String UPLOAD = "/api/v1/uploads/{uploadId}";

    @Bean
    OpenApiCustomizer tusEndpointOnce() {
        return api -> {
            if (api.getPaths() == null) {
                return;
            }
            api.getPaths().remove(WITH_TRAILING_SLASH);
            PathItem upload = api.getPaths().get(UPLOAD);
            if (upload != null) {
                upload.setOptions(null);
                Operation patch = upload.getPatch();
                Operation post = upload.getPost();
                if (patch != null && post != null) {
                    post.description(patch.getDescription()).responses(patch.getResponses());
                }
            }
        };
    }
}
