package dev.filesys.balancer;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI description's title and the cluster-token scheme the internal endpoints declare. */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

    @Bean
    OpenAPI balancerApi() {
        return new OpenAPI()
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
