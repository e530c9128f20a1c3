package dev.filesys.file.files;

import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.converter.ResolvedSchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ProblemDetail;

/**
 * In the OpenAPI description, every 4xx and 5xx answer of the files, shares and uploads endpoints is an RFC 9457
 * problem ({@code application/problem+json}), so the endpoints themselves only list their codes.
 */
@Configuration(proxyBeanMethods = false)
class ProblemResponsesDocumentation {

    private static final Set<String> PACKAGES =
            Set.of("dev.filesys.file.files", "dev.filesys.file.shares", "dev.filesys.file.uploads");
    private static final String PROBLEM = "ProblemDetail";

    @Bean
    OperationCustomizer problemResponses() {
        return (operation, handler) -> {
            if (!PACKAGES.contains(handler.getBeanType().getPackageName()) || operation.getResponses() == null) {
                return operation;
            }
            operation.getResponses().forEach((status, response) -> {
                if (status.startsWith("4") || status.startsWith("5")) {
                    response.setContent(new Content()
                            .addMediaType(
                                    org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                                    new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
                }
            });
            return operation;
        };
    }

    @Bean
    OpenApiCustomizer problemSchema() {
        return api -> {
            if (api.getComponents() == null
                    || api.getComponents().getSchemas() == null
                    || !api.getComponents().getSchemas().containsKey(PROBLEM)) {
                ResolvedSchema resolved =
                        ModelConverters.getInstance().resolveAsResolvedSchema(new AnnotatedType(ProblemDetail.class));
                api.schema(PROBLEM, resolved.schema);
                resolved.referencedSchemas.forEach(api::schema);
            }
        };
    }
}
