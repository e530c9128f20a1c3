package dev.filesys.fault;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A real S3-compatible server for a fault test, in the test JVM: S3Proxy's S3 front end (on a random loopback port,
 * checking AWS signatures) over its filesystem back end in {@code directory}, as the file-service tests use it; the
 * file-services (separate processes) and the scripts' rclone reach it over HTTP like any S3 store.
 */
final class FaultS3Server implements AutoCloseable {

    static final String ACCESS_KEY = "filesys-fault";
    static final String SECRET_KEY = "filesys-fault-secret-key";
    static final String REGION = "us-east-1";

    private final S3Proxy proxy;
    private final URI endpoint;
    private final S3Client client;

    FaultS3Server(Path directory) throws Exception {
        java.nio.file.Files.createDirectories(directory);
        proxy = S3Proxy.builder()
                .blobStore(new FilesystemNio2BlobStore(directory.toString()))
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        proxy.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> "STARTED".equals(proxy.getState()));
        endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
        client = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(endpoint)
                .region(Region.of(REGION))
                .forcePathStyle(true)
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build();
    }

    void createBucket(String bucket) {
        client.createBucket(b -> b.bucket(bucket));
    }

    /** Deletes every object of the bucket, then the bucket itself. */
    void deleteBucket(String bucket) {
        for (S3Object object :
                client.listObjectsV2Paginator(b -> b.bucket(bucket)).contents()) {
            client.deleteObject(b -> b.bucket(bucket).key(object.key()));
        }
        client.deleteBucket(b -> b.bucket(bucket));
    }

    boolean bucketExists(String bucket) {
        try {
            client.headBucket(b -> b.bucket(bucket));
            return true;
        } catch (NoSuchBucketException e) {
            return false;
        }
    }

    /** The keys under {@code prefix}. */
    List<String> keys(String bucket, String prefix) {
        return client.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
                .map(S3Object::key)
                .toList();
    }

    /** The file-services' settings for {@code bucket} on this server. */
    List<String> fileServiceSettings(String bucket) {
        // FILESYS_STORAGE_S3_PATH_STYLE -> --filesys.storage.s3.path-style, as Spring binds the environment
        return environment(bucket).entrySet().stream()
                .map(e -> "--filesys.storage."
                        + e.getKey()
                                .substring("FILESYS_STORAGE_".length())
                                .toLowerCase(Locale.ROOT)
                                .replaceFirst("^s3_", "s3.")
                                .replace('_', '-')
                        + "=" + e.getValue())
                .toList();
    }

    /** The same settings as the environment variables the scripts (and a deployment's file-services) read. */
    Map<String, String> environment(String bucket) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("FILESYS_STORAGE_TYPE", "s3");
        environment.put("FILESYS_STORAGE_S3_ENDPOINT", endpoint.toString());
        environment.put("FILESYS_STORAGE_S3_BUCKET", bucket);
        environment.put("FILESYS_STORAGE_S3_REGION", REGION);
        environment.put("FILESYS_STORAGE_S3_ACCESS_KEY", ACCESS_KEY);
        environment.put("FILESYS_STORAGE_S3_SECRET_KEY", SECRET_KEY);
        environment.put("FILESYS_STORAGE_S3_PATH_STYLE", "true");
        return environment;
    }

    @Override
    public void close() throws Exception {
        client.close();
        proxy.stop();
    }
}
