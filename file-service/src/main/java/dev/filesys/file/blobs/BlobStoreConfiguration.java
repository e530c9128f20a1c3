package dev.filesys.file.blobs;

import dev.filesys.file.FileServiceProperties;
import java.io.IOException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The blob store of this instance (the local filesystem under {@code filesys.storage.root}). */
@Configuration(proxyBeanMethods = false)
class BlobStoreConfiguration {

    @Bean
    BlobStore blobStore(FileServiceProperties properties) throws IOException {
        return new LocalBlobStore(properties.storage().root());
    }
}
