package dev.filesys.file.sessions;

import dev.filesys.file.FileServiceProperties;
import dev.filesys.protocol.authcode.AuthCodeKeys;
import dev.filesys.protocol.authcode.AuthCodeVerifier;
import dev.filesys.protocol.authcode.RemoteJwks;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The verifier of auth codes for this server, with the balancer's keys from its JWKS endpoint. */
@Configuration(proxyBeanMethods = false)
class AuthCodeConfiguration {

    /** The balancer's public keys: auth codes and the balancer's probe tokens are checked against them. */
    @Bean
    AuthCodeKeys authCodeKeys(FileServiceProperties properties, Clock clock) {
        FileServiceProperties.Balancer balancer = properties.balancer();
        URI jwksUri = URI.create(balancer.url().replaceAll("/+$", "") + "/.well-known/jwks.json");
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(balancer.requestTimeout())
                .build();
        return new RemoteJwks(jwksUri, http, balancer.requestTimeout(), balancer.jwksMinRefetchInterval(), clock);
    }

    @Bean
    AuthCodeVerifier authCodeVerifier(AuthCodeKeys keys, FileServiceProperties properties, Clock clock) {
        return new AuthCodeVerifier(
                keys, properties.server().id(), properties.sessions().authCodeClockSkew(), clock);
    }
}
