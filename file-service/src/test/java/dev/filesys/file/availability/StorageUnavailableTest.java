package dev.filesys.file.availability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filesys.file.testsupport.FileServiceTest;
import dev.filesys.file.testsupport.StubBalancer;
import dev.filesys.file.testsupport.TestClient;
import dev.filesys.file.testsupport.TestClient.Response;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/** With less free space on the storage root than the floor, the instance says no. */
@FileServiceTest
@TestPropertySource(properties = "filesys.storage.min-free-space=1000000TB")
class StorageUnavailableTest {

    @LocalServerPort
    int port;

    @Test
    void storageBelowTheFloorSaysNo() {
        TestClient client = TestClient.onPort(port);

        Response no = client.get("/internal/v1/availability", StubBalancer.CLUSTER_TOKEN)
                .expect(200);

        assertThat(no.json().get("available").asBoolean()).isFalse();
        assertThat(no.json().get("reason").asString()).isEqualTo("STORAGE_UNAVAILABLE");
        assertThat(client.beginHandshake(StubBalancer.shared().authCode("file-1"))
                        .expect(503)
                        .code())
                .isEqualTo("SERVER_UNAVAILABLE");
        assertThat(client.get("/readyz", null).status()).isEqualTo(503);
    }
}
