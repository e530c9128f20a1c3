package dev.filesys.file;

import dev.filesys.support.BackgroundTasks;
import dev.filesys.support.ServiceIdentity;
import dev.filesys.support.TrustedProxies;
import dev.filesys.support.WebSupport;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.PropertySource;

/**
 * A file-service: sessions, accounts, files and shares. Stateless: metadata and sessions live in PostgreSQL and
 * bytes in a shared blob store, so every instance can serve every file.
 *
 * <p>Its defaults live in {@code dev/filesys/file/file-service.properties} rather than {@code application.properties},
 * so a file-service and the balancer can run in one JVM without reading each other's settings.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@Import({WebSupport.class, BackgroundTasks.class})
@PropertySource("classpath:/dev/filesys/file/file-service.properties")
public class FileServiceApplication {

    public static void main(String[] args) {
        // the instance in logs: its server id, the one the balancer knows it by
        ServiceIdentity.application(FileServiceApplication.class, "file-service", "${filesys.server.id:file-1}")
                .run(args);
    }

    /**
     * The proxies whose forwarded headers are believed ({@code FILESYS_TRUSTED_PROXIES}); none in test slices, which
     * have no settings.
     */
    @Bean
    TrustedProxies trustedProxies(ObjectProvider<FileServiceProperties> properties) {
        FileServiceProperties settings = properties.getIfAvailable();
        return settings == null ? TrustedProxies.none() : TrustedProxies.of(settings.trustedProxies());
    }

    /** What every part asks for the time, so tests can move it. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
