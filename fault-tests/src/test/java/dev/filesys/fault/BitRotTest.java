package dev.filesys.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.filesys.fault.ProtocolClient.Session;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * Fault-suite item 5 (docs/fault-suite.md): one byte flipped in a stored blob. Its download fails (never a complete
 * body), the blob is quarantined and logged, and every later download is a {@code 500 BLOB_CORRUPTED} problem.
 */
@ExtendWith(SharedCluster.class)
class BitRotTest {

    @Test
    void aFlippedByteIsNeverServedAsGoodAndTheBlobIsQuarantined(FaultCluster cluster) throws Exception {
        ProtocolClient client = new ProtocolClient(cluster.balancer().url());
        Session session =
                client.registeredSession("rot" + UUID.randomUUID().toString().substring(0, 8), "correct horse battery");
        byte[] content = new byte[300_000];
        new Random(9).nextBytes(content);
        JsonNode file = client.upload(session, "rotting.bin", content);
        String sha256 =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        assertThat(file.path("sha256").asString()).isEqualTo(sha256);
        Path blob = cluster.blobRoot()
                .resolve(sha256.substring(0, 2))
                .resolve(sha256.substring(2, 4))
                .resolve(sha256);
        assertThat(blob).exists();
        String fileId = file.path("fileId").asString();
        assertThat(client.download(session, fileId).body()).isEqualTo(content);

        try (RandomAccessFile raw = new RandomAccessFile(blob.toFile(), "rw")) {
            raw.seek(123_456);
            int b = raw.read();
            raw.seek(123_456);
            raw.write(b ^ 0x01);
        }

        try {
            HttpResponse<byte[]> response = client.download(session, fileId);
            // if a body arrives at all, it must not be the stored bytes presented as complete
            assertThat(response.statusCode()).isNotEqualTo(200);
        } catch (IOException expected) {
            System.out.println("bit rot: the rotten download was cut: " + expected);
        }

        Path quarantine = cluster.blobRoot().resolve("quarantine");
        await("the blob is quarantined").atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(blob).doesNotExist();
            try (Stream<Path> moved = Files.list(quarantine)) {
                assertThat(moved.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith(sha256 + "."));
            }
        });
        HttpResponse<byte[]> later = client.download(session, fileId);
        assertThat(later.statusCode()).isEqualTo(500);
        assertThat(later.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(ProtocolClient.JSON.readTree(later.body()).path("code").asString())
                .isEqualTo("BLOB_CORRUPTED");
        String logs = cluster.logOf(cluster.fileServices().get(0))
                + cluster.logOf(cluster.fileServices().get(1));
        assertThat(logs).contains(sha256);
        System.out.println("bit rot: blob " + sha256 + " quarantined; later downloads answer 500 BLOB_CORRUPTED");
    }
}
