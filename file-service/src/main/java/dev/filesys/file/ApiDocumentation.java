package dev.filesys.file;

import dev.filesys.file.sessions.CurrentSession;
import dev.filesys.file.sessions.CurrentUser;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI description's title, its server (the public URL) and the two bearer schemes endpoints name in {@code @SecurityRequirement}:
 * {@code sessionToken} (clients) and {@code clusterToken} (the balancer).
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

    static {
        // resolved from the Authorization header, not parameters a client sends
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(CurrentUser.class, CurrentSession.class);
        // free-form JSON (a link's merge patch, an audit entry's detail) is a JSON object, not a "JsonNode" type
        SpringDocUtils.getConfig().replaceWithSchema(JsonNode.class, new ObjectSchema());
    }

    /**
     * With a public URL configured (behind an edge proxy, or when the description is read on the management port) the
     * description names it as the server; without one springdoc names the URL the description was fetched from.
     */
    @Bean
    OpenAPI fileServiceApi(FileServiceProperties properties) {
        String publicUrl = properties.server().publicUrlIfSet();
        return new OpenAPI()
                .servers(publicUrl == null ? null : List.of(new Server().url(publicUrl)))
                .info(new Info()
                        .title("filesys file-service")
                        .version("v1")
                        .description("Sessions (a three-way handshake with an auth code from the balancer), accounts,"
                                + " files and shares. Every error is application/problem+json with a stable 'code'."))
                .components(new Components()
                        .addSecuritySchemes(
                                "sessionToken",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .description("The session token from POST /api/v1/sessions/{id}/ack (or the"
                                                + " rotated one from POST /api/v1/login)"))
                        .addSecuritySchemes(
                                "clusterToken",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .description("The cluster token shared by the balancer and file-services")));
    }
}
