package dev.filesys.support;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.BinarySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Adds to an OpenAPI description what springdoc cannot see in the code: which fields an answer always has, the values a
 * string takes, and the headers an operation reads and sends. Each method fails when the schema, property, operation or
 * response it names is not in the description, so a rename in the code cannot leave a fact silently unapplied.
 */
public final class OpenApiFacts {

    private final OpenAPI api;

    private OpenApiFacts(OpenAPI api) {
        this.api = api;
    }

    public static OpenApiFacts of(OpenAPI api) {
        return new OpenApiFacts(api);
    }

    /** The properties of a component schema that every instance has. */
    public OpenApiFacts required(String schema, String... properties) {
        Schema<?> model = schema(schema);
        for (String property : properties) {
            property(model, schema, property);
            if (model.getRequired() == null || !model.getRequired().contains(property)) {
                model.addRequiredItem(property);
            }
        }
        return this;
    }

    /** The only values a string property of a component schema takes. */
    public OpenApiFacts values(String schema, String property, String... values) {
        @SuppressWarnings("unchecked")
        Schema<Object> target = (Schema<Object>) property(schema(schema), schema, property);
        target.setEnum(new ArrayList<>(List.of(values)));
        return this;
    }

    /** The operation of that id; its parameters and headers are then described with {@link OperationFacts}. */
    public OperationFacts operation(String operationId) {
        return api.getPaths().values().stream()
                .flatMap(item -> item.readOperations().stream())
                .filter(operation -> operationId.equals(operation.getOperationId()))
                .findFirst()
                .map(OperationFacts::new)
                .orElseThrow(() -> new IllegalStateException("no operation " + operationId + " in the description"));
    }

    private Schema<?> schema(String name) {
        return Optional.ofNullable(api.getComponents())
                .map(Components::getSchemas)
                .map(schemas -> schemas.get(name))
                .orElseThrow(() -> new IllegalStateException("no schema " + name + " in the description"));
    }

    private static Schema<?> property(Schema<?> model, String schema, String property) {
        return Optional.ofNullable(model.getProperties())
                .map(properties -> properties.get(property))
                .orElseThrow(() -> new IllegalStateException("no property " + property + " in schema " + schema));
    }

    /** The headers and parameters of one operation. */
    public static final class OperationFacts {

        private final Operation operation;

        OperationFacts(Operation operation) {
            this.operation = operation;
        }

        /** A request header the operation reads (replacing a parameter of that name springdoc found). */
        public OperationFacts requestHeader(String name, boolean required, String description) {
            return parameter(new Parameter()
                    .in("header")
                    .name(name)
                    .required(required)
                    .description(description)
                    .schema(new StringSchema()));
        }

        /** A parameter, replacing one of the same name and place. */
        public OperationFacts parameter(Parameter parameter) {
            List<Parameter> parameters =
                    operation.getParameters() == null ? new ArrayList<>() : new ArrayList<>(operation.getParameters());
            parameters.removeIf(existing -> Objects.equals(existing.getName(), parameter.getName())
                    && Objects.equals(existing.getIn(), parameter.getIn()));
            parameters.add(parameter);
            operation.setParameters(parameters);
            return this;
        }

        /** The schema of a parameter springdoc found. */
        public OperationFacts parameterSchema(String name, Schema<?> schema) {
            Objects.requireNonNullElse(operation.getParameters(), List.<Parameter>of()).stream()
                    .filter(candidate -> name.equals(candidate.getName()))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(
                            "no parameter " + name + " in operation " + operation.getOperationId()))
                    .setSchema(schema);
            return this;
        }

        /** A raw body of bytes (no JSON, no multipart) of the given media type. */
        public OperationFacts binaryBody(String description, String mediaType) {
            operation.setRequestBody(new RequestBody()
                    .required(true)
                    .description(description)
                    .content(new Content().addMediaType(mediaType, new MediaType().schema(new BinarySchema()))));
            return this;
        }

        /** A problem answer, its codes named in the description as the operations' annotations name them. */
        public OperationFacts problemResponse(String status, String description) {
            operation
                    .getResponses()
                    .addApiResponse(
                            status,
                            new ApiResponse()
                                    .description(description)
                                    .content(new Content()
                                            .addMediaType(
                                                    "application/problem+json",
                                                    new MediaType()
                                                            .schema(ProblemResponsesDocumentation.problemWithCodes(
                                                                    ProblemResponsesDocumentation.codesIn(
                                                                            description))))));
            return this;
        }

        /** Another way to authorize the operation, besides the one it names. */
        public OperationFacts alsoAuthorizedBy(String scheme) {
            operation.addSecurityItem(new SecurityRequirement().addList(scheme));
            return this;
        }

        /** A header the operation sends with the answers of the given statuses. */
        public OperationFacts responseHeader(String name, String description, String... statuses) {
            for (String status : statuses) {
                Optional.ofNullable(operation.getResponses())
                        .map(responses -> responses.get(status))
                        .orElseThrow(() -> new IllegalStateException(
                                "no response " + status + " in operation " + operation.getOperationId()))
                        .addHeaderObject(
                                name, new Header().description(description).schema(new StringSchema()));
            }
            return this;
        }
    }
}
