package dev.filesys.file.blobs;

import dev.filesys.file.FileServiceProperties;
import dev.filesys.file.availability.StorageCheck;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * The blob store of this instance, chosen by {@code filesys.storage.type}: the local filesystem under
 * {@code filesys.storage.root} (the default), or an S3-compatible bucket ({@code s3}).
 */
@Configuration(proxyBeanMethods = false)
class BlobStoreConfiguration {

    @Bean
    @ConditionalOnProperty(name = "filesys.storage.type", havingValue = "local", matchIfMissing = true)
    BlobStore localBlobStore(FileServiceProperties properties) throws IOException {
        return new LocalBlobStore(properties.storage().root());
    }

    /** The S3 store, its client, and the bucket check that joins the instance's storage check. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "filesys.storage.type", havingValue = "s3")
    static class S3Store {

        @Bean
        S3Client blobStoreS3Client(FileServiceProperties properties) {
            return s3ClientBuilder(properties.storage().s3()).build();
        }

        @Bean
        S3BlobStore s3BlobStore(S3Client blobStoreS3Client, FileServiceProperties properties) throws IOException {
            FileServiceProperties.Storage storage = properties.storage();
            if (!StringUtils.hasText(storage.s3().bucket())) {
                throw new IllegalStateException(
                        "filesys.storage.type=s3 needs filesys.storage.s3.bucket (FILESYS_STORAGE_S3_BUCKET)");
            }
            return new S3BlobStore(
                    blobStoreS3Client,
                    storage.s3().bucket(),
                    storage.root().resolve("tmp"),
                    storage.s3().partSize().toBytes(),
                    storage.s3().stagingLimit() == null
                            ? Long.MAX_VALUE
                            : storage.s3().stagingLimit().toBytes());
        }

        @Bean
        StorageCheck blobStoreBucketCheck(S3BlobStore store) {
            return store::checkBucket;
        }

        /** The root's own check sees its filesystem; this one also sees the staging limit. */
        @Bean
        StorageCheck blobStoreStagingCheck(S3BlobStore store, FileServiceProperties properties) {
            long minFree = properties.storage().minFreeSpace().toBytes();
            return () -> {
                long usable = store.usableSpace();
                if (usable < minFree) {
                    throw new IOException("staging has " + usable + " bytes left, less than the minimum free space");
                }
            };
        }
    }

    /**
     * A client for the bucket's service on the JDK's HTTP client. Checksums are sent and checked only where S3 requires
     * them: the SDK's default trailing checksums are not understood by every S3-compatible server, and each blob's
     * CRC32C is checked on every whole read anyway.
     */
    static S3ClientBuilder s3ClientBuilder(FileServiceProperties.S3 settings) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(60)))
                .region(Region.of(settings.region()))
                .forcePathStyle(settings.pathStyle())
                .credentialsProvider(credentials(settings))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (StringUtils.hasText(settings.endpoint())) {
            builder.endpointOverride(URI.create(settings.endpoint().strip()));
        }
        return builder;
    }

    private static AwsCredentialsProvider credentials(FileServiceProperties.S3 settings) {
        boolean accessKey = StringUtils.hasText(settings.accessKey());
        boolean secretKey = StringUtils.hasText(settings.secretKey());
        if (accessKey != secretKey) {
            throw new IllegalStateException(
                    "filesys.storage.s3.access-key and filesys.storage.s3.secret-key go together:"
                            + " set both, or neither to use the SDK's default credentials chain");
        }
        return accessKey
                ? StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(settings.accessKey(), settings.secretKey()))
                : DefaultCredentialsProvider.builder().build();
    }
}
