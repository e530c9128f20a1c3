package dev.filesys.file;

import dev.filesys.support.HttpLimits;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** A file-service's limits on request bodies, request heads and connections, for the shared web plumbing. */
@Configuration(proxyBeanMethods = false)
class WebLimits {

    /**
     * Only uploads take large bodies, and they stream to disk: the simple upload (POST, or PUT to a name) and tus PATCH
     * (also sent as POST with {@code X-HTTP-Method-Override}). Every other body is small and bounded before it is
     * parsed.
     */
    static final List<String> STREAMING_BODIES =
            List.of("POST /api/v1/files", "PUT /api/v1/files/*", "PATCH /api/v1/uploads/*", "POST /api/v1/uploads/*");

    @Bean
    HttpLimits httpLimits(FileServiceProperties properties) {
        FileServiceProperties.Limits limits = properties.limits();
        return new HttpLimits(
                limits.maxJsonBody(), STREAMING_BODIES, limits.headerTimeout(), limits.maxConnectionsPerAddress());
    }
}
