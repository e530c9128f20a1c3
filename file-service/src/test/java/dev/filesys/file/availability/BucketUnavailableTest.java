package dev.filesys.file.availability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filesys.file.testsupport.FileServiceTest;
import dev.filesys.file.testsupport.StubBalancer;
import dev.filesys.file.testsupport.TestClient;
import dev.filesys.file.testsupport.TestClient.Response;
import dev.filesys.file.testsupport.TestS3Server;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** With the S3 store and a bucket that does not exist, the instance starts but says no until the bucket is there. */
@FileServiceTest
class BucketUnavailableTest {

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void missingBucket(DynamicPropertyRegistry registry) {
        TestS3Server.shared()
                .storageProperties("no-such-bucket")
                .forEach((name, value) -> registry.add(name, () -> value));
    }

    @Test
    void aMissingBucketSaysNo() {
        TestClient client = TestClient.onPort(port);

        Response no = client.get("/internal/v1/availability", StubBalancer.CLUSTER_TOKEN)
                .expect(200);

        assertThat(no.json().get("available").asBoolean()).isFalse();
        assertThat(no.json().get("reason").asString()).isEqualTo("STORAGE_UNAVAILABLE");
        assertThat(client.get("/readyz", null).status()).isEqualTo(503);
    }
}
