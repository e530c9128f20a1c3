package dev.filesys.support;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What every OpenAPI description of this project follows, so that it passes a standard linter (redocly's recommended
 * rules) and a client generated from it works:
 *
 * <ul>
 *   <li>the error page ({@code /error}) is no operation: the servlet container forwards failures there, clients never
 *       call it;
 *   <li>an operation that names no security requirement says so explicitly ({@code security: []}): it is public,
 *       such as the handshake or tus discovery;
 *   <li>every variable of a path is a parameter of each operation under it, also when one handler serves several
 *       paths and does not read the variable;
 *   <li>a parameter declared by name only is a string.
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConventions {

    private static final Pattern PATH_VARIABLE = Pattern.compile("\\{([^}/]+)}");

    @Bean
    OpenApiCustomizer projectConventions(@Value("${server.error.path:/error}") String errorPath) {
        return api -> {
            if (api.getPaths() == null) {
                return;
            }
            api.getPaths().remove(errorPath);
            api.getPaths().forEach((path, item) -> {
                for (Operation operation : item.readOperations()) {
                    if (operation.getSecurity() == null) {
                        operation.setSecurity(new ArrayList<>());
                    }
                    declarePathVariables(path, operation);
                    if (operation.getParameters() != null) {
                        operation.getParameters().stream()
                                .filter(parameter -> parameter.getSchema() == null && parameter.getContent() == null)
                                .forEach(parameter -> parameter.setSchema(new StringSchema()));
                    }
                }
            });
        };
    }

    private static void declarePathVariables(String path, Operation operation) {
        Matcher matcher = PATH_VARIABLE.matcher(path);
        while (matcher.find()) {
            String name = matcher.group(1);
            if (Objects.requireNonNullElse(operation.getParameters(), List.<Parameter>of()).stream()
                    .noneMatch(parameter ->
                            Objects.equals(parameter.getName(), name) && Objects.equals(parameter.getIn(), "path"))) {
                operation.addParametersItem(
                        new Parameter().name(name).in("path").required(true).schema(new StringSchema()));
            }
        }
    }
}
