package dev.filesys.file.testsupport;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-compatible server for this test JVM: S3Proxy's S3 front end (on a random loopback port, checking AWS
 * signatures) over its filesystem back end in a temporary directory, started on first use and stopped when the JVM
 * exits. Each test takes a bucket of its own with {@link #createBucket}.
 */
public final class TestS3Server {

    public static final String ACCESS_KEY = "filesys-test";
    public static final String SECRET_KEY = "filesys-test-secret-key";
    public static final String REGION = "us-east-1";

    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static TestS3Server shared;

    private final S3Proxy proxy;
    private final Path directory;
    private final URI endpoint;
    private final S3Client client;

    private TestS3Server() throws Exception {
        directory = Files.createTempDirectory("filesys-test-s3");
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
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "s3proxy-stop"));
    }

    /** The server of this JVM, started on the first call. */
    public static synchronized TestS3Server shared() {
        if (shared == null) {
            try {
                shared = new TestS3Server();
            } catch (Exception e) {
                throw new IllegalStateException("could not start S3Proxy", e);
            }
        }
        return shared;
    }

    public URI endpoint() {
        return endpoint;
    }

    /** A client with the server's credentials, for looking at buckets directly. */
    public S3Client client() {
        return client;
    }

    /** Creates a new, empty bucket and returns its name. */
    public String createBucket() {
        String bucket = "filesys-test-" + ProcessHandle.current().pid() + "-" + BUCKETS.incrementAndGet();
        client.createBucket(b -> b.bucket(bucket));
        return bucket;
    }

    /** Where the filesystem back end keeps an object (to make it look old, or to damage it). */
    public Path objectFile(String bucket, String key) {
        return directory.resolve(bucket).resolve(key);
    }

    /** The {@code filesys.storage.*} settings that point a file-service at {@code bucket} on this server. */
    public Map<String, String> storageProperties(String bucket) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("filesys.storage.type", "s3");
        properties.put("filesys.storage.s3.endpoint", endpoint.toString());
        properties.put("filesys.storage.s3.bucket", bucket);
        properties.put("filesys.storage.s3.region", REGION);
        properties.put("filesys.storage.s3.access-key", ACCESS_KEY);
        properties.put("filesys.storage.s3.secret-key", SECRET_KEY);
        properties.put("filesys.storage.s3.path-style", "true");
        return properties;
    }

    private void stop() {
        try {
            client.close();
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop S3Proxy", e);
        }
        try (var files = Files.walk(directory)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
