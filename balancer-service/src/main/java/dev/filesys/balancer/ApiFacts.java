package dev.filesys.balancer;

import dev.filesys.support.OpenApiFacts;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What the balancer's OpenAPI description says beyond what springdoc reads from the controllers: required fields. */
@Configuration(proxyBeanMethods = false)
class ApiFacts {

    @Bean
    OpenApiCustomizer balancerFacts() {
        return api -> OpenApiFacts.of(api)
                .required("Assignment", "serverId", "serverUrl", "authCode", "expiresAt")
                .required("ServerRegistration", "url")
                .required("ServerView", "serverId", "url", "state", "source", "consecutiveFailures");
    }
}
