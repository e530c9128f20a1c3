package dev.filesys.file.uploads;

import dev.filesys.file.FileServiceProperties;
import java.io.IOException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The chunk store, chosen with the blob store by {@code filesys.storage.type}: chunks live where blobs live, so that
 * whatever every instance shares for blobs it shares for uploads in progress too.
 */
@Configuration(proxyBeanMethods = false)
class ChunkStoreConfiguration {

    @Bean
    @ConditionalOnProperty(name = "filesys.storage.type", havingValue = "local", matchIfMissing = true)
    ChunkStore localChunkStore(FileServiceProperties properties) throws IOException {
        return new LocalChunkStore(properties.storage().root());
    }

    /** In the bucket, through the blob store's client; bodies pass through {@code root/tmp/chunks/}. */
    @Bean
    @ConditionalOnProperty(name = "filesys.storage.type", havingValue = "s3")
    ChunkStore s3ChunkStore(S3Client blobStoreS3Client, FileServiceProperties properties) throws IOException {
        FileServiceProperties.Storage storage = properties.storage();
        return new S3ChunkStore(
                blobStoreS3Client,
                storage.s3().bucket(),
                storage.root().resolve("tmp").resolve("chunks"),
                storage.s3().partSize().toBytes());
    }
}
