package dev.filesys.support;

import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.converter.ResolvedSchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ProblemDetail;

/**
 * In the OpenAPI description, every 4xx and 5xx answer is an RFC 9457 problem ({@code application/problem+json}), as
 * {@link ProblemHandler} makes it, so endpoints only list their codes in the response descriptions.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "org.springdoc.core.customizers.OperationCustomizer")
class ProblemResponsesDocumentation {

    private static final String PROBLEM = "ProblemDetail";

    @Bean
    OperationCustomizer problemResponses() {
        return (operation, handler) -> {
            if (operation.getResponses() == null) {
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
