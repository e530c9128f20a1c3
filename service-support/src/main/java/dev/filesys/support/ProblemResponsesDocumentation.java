package dev.filesys.support;

import static java.util.stream.Collectors.toCollection;

import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * In the OpenAPI description, every 4xx and 5xx answer is an RFC 9457 problem ({@code application/problem+json}), as
 * {@link ProblemHandler} makes it, with the {@code code} clients are meant to read. Endpoints list their codes in each
 * response's description; the codes named there become the {@code enum} of that response's {@code code}, so a client
 * generated from the description knows which codes an operation answers with.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "org.springdoc.core.customizers.OperationCustomizer")
@Import(OpenApiConventions.class)
class ProblemResponsesDocumentation {

    static final String PROBLEM = "ProblemDetail";

    /** A code as the descriptions write them: upper-case words joined by underscores, e.g. {@code NAME_TAKEN}. */
    private static final Pattern CODE = Pattern.compile("\\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\\b");

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
                                    new MediaType().schema(problemWithCodes(codesIn(response.getDescription())))));
                }
            });
            return operation;
        };
    }

    @Bean
    OpenApiCustomizer problemSchema() {
        return api -> api.schema(PROBLEM, problem());
    }

    static Set<String> codesIn(String description) {
        return description == null
                ? new LinkedHashSet<>()
                : CODE.matcher(description).results().map(MatchResult::group).collect(toCollection(LinkedHashSet::new));
    }

    /** The problem schema, narrowed to the codes the response names when it names any. */
    static Schema<?> problemWithCodes(Set<String> codes) {
        Schema<?> reference = new Schema<>().$ref("#/components/schemas/" + PROBLEM);
        if (codes.isEmpty()) {
            return reference;
        }
        StringSchema code = new StringSchema();
        code.setEnum(List.copyOf(codes));
        return new Schema<>().allOf(List.of(reference, new ObjectSchema().addProperty("code", code)));
    }

    /** RFC 9457's members as {@link Problems} fills them, and the stable {@code code}. */
    private static Schema<?> problem() {
        return new ObjectSchema()
                .description("An RFC 9457 problem (application/problem+json). Clients act on 'code', which is"
                        + " stable; 'title' and 'detail' are for people and may change.")
                .addProperty(
                        "code",
                        new StringSchema()
                                .description("What went wrong, stable across releases, e.g. NAME_TAKEN")
                                .example("FILE_NOT_FOUND"))
                .addProperty("status", new IntegerSchema().format("int32").description("The HTTP status"))
                .addProperty("title", new StringSchema().description("The status's reason phrase"))
                .addProperty("detail", new StringSchema().description("What happened and what to do, for people"))
                .addProperty(
                        "type", new StringSchema().format("uri").description("A URI naming the code's problem type"))
                .addProperty(
                        "instance",
                        new StringSchema().format("uri-reference").description("The request path that failed"))
                .required(List.of("code", "status", "title"));
    }
}
