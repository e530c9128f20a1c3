package dev.filesys.balancer;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI description's title, its server (the public URL) and the cluster-token scheme of internal endpoints. */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

    /** With {@code filesys.balancer.public-url} the description names it as the server, else where it was fetched. */
    @Bean
    OpenAPI balancerApi(BalancerProperties properties) {
        String publicUrl =
                properties.publicUrl() == null || properties.publicUrl().isBlank()
                        ? null
                        : properties.publicUrl().trim().replaceAll("/+$", "");
        return new OpenAPI()
                .servers(publicUrl == null ? null : List.of(new Server().url(publicUrl)))
                .info(new Info()
                        .title("filesys balancer")
                        .version("v1")
                        .description("Hands clients an available file-service and a signed auth code for it."
                                + " Every error is application/problem+json with a stable 'code'."))
                .components(new Components()
                        .addSecuritySchemes(
                                "clusterToken",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .description("The cluster token shared by the balancer and file-services")));
    }
}
