package dev.filesys.file.blobs;

import dev.filesys.file.FileServiceProperties;
import java.io.IOException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The blob store of this instance (the local filesystem under {@code filesys.storage.root}) and the sweeper schedule. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class BlobStoreConfiguration {

    @Bean
    BlobStore blobStore(FileServiceProperties properties) throws IOException {
        return new LocalBlobStore(properties.storage().root());
    }
}
