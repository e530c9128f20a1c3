package dev.filesys.file.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.filesys.file.testsupport.AliceOnTheService;
import dev.filesys.file.testsupport.FileServiceTest;
import dev.filesys.file.testsupport.GeneratedContent;
import dev.filesys.file.testsupport.TestClient.Response;
import dev.filesys.file.testsupport.TransferClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * A body of many buffers through {@code POST /api/v1/files}, read, digested and written on separate threads: the row
 * records the exact SHA-256, CRC32C and chunk CRC32Cs of the bytes sent and the blob holds exactly them; a client that
 * goes away part-way leaves no staged file, no blob and no row.
 */
@FileServiceTest
@TestPropertySource(properties = "filesys.sweeper.enabled=false")
class LargeUploadIntegrationTest extends AliceOnTheService {

    private static final int MIB = 1024 * 1024;
    private static final int CHUNK = 1024 * 1024;

    @Test
    void aLargeUploadIsRecordedWithTheExactDigestsOfItsBytes() throws IOException {
        GeneratedContent content = new GeneratedContent(70L * MIB + 4321, 2121);
        Digests sent = Digests.of(content.stream());

        Response uploaded = transfers
                .upload(alice.token(), "name=large.bin", content.publisher())
                .expect(201);

        assertThat(uploaded.text("sha256")).isEqualTo(sent.sha256());
        Map<String, Object> row = storage.jdbc()
                .queryForMap(
                        "select size, crc32c, chunk_size, chunk_crc32c from blobs where sha256 = ?", sent.sha256());
        assertThat(((Number) row.get("size")).longValue()).isEqualTo(content.length());
        assertThat(((Number) row.get("crc32c")).longValue()).isEqualTo(sent.crc32c());
        assertThat(((Number) row.get("chunk_size")).intValue()).isEqualTo(CHUNK);
        assertThat((byte[]) row.get("chunk_crc32c")).isEqualTo(sent.chunkCrcs());
        Path blob = storage.blobPath(sent.sha256());
        try (InputStream stored = Files.newInputStream(blob)) {
            assertThat(Digests.of(stored)).as("the blob's bytes").isEqualTo(sent);
        }
        assertThat(storage.filesUnder("tmp")).isEmpty();
    }

    @Test
    void aClientThatGoesAwayPartWayLeavesNothingBehind() throws IOException {
        GeneratedContent content = new GeneratedContent(256L * MIB, 77);
        try (Socket socket = new Socket("127.0.0.1", port);
                InputStream body = content.stream()) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/files?name=cut.bin HTTP/1.1\r\n"
                            + "Host: 127.0.0.1:" + port + "\r\n"
                            + "Authorization: Bearer " + alice.token() + "\r\n"
                            + "Content-Length: " + content.length() + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            // well past the first buffer and every buffer one body may hold: the pipeline is running
            out.write(body.readNBytes(24 * MIB));
            out.flush();
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(storage.filesUnder("tmp")).hasSize(1));
            // a reset, as when the client's process dies
            socket.setSoLinger(true, 0);
        }

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(storage.filesUnder("tmp")).isEmpty());
        assertThat(storage.rows("files")).isZero();
        assertThat(storage.rows("blobs")).isZero();
        assertThat(storage.blobFiles()).isEmpty();
        assertThat(storage.usedBytes(alice.userId())).isZero();
        assertThat(transfers.upload(alice.token(), "after.txt", "still serving".getBytes(StandardCharsets.UTF_8)))
                .extracting(Response::status)
                .isEqualTo(201);
    }

    /** The SHA-256, CRC32C and chunk CRC32Cs (4 big-endian bytes per 1 MiB chunk) of a stream, computed here. */
    private record Digests(String sha256, long crc32c, byte[] chunkCrcs) {

        static Digests of(InputStream in) throws IOException {
            MessageDigest sha = TransferClient.sha256();
            CRC32C whole = new CRC32C();
            ByteArrayOutputStream chunks = new ByteArrayOutputStream();
            byte[] chunk = new byte[CHUNK];
            int filled;
            while ((filled = in.readNBytes(chunk, 0, chunk.length)) > 0) {
                sha.update(chunk, 0, filled);
                whole.update(chunk, 0, filled);
                CRC32C one = new CRC32C();
                one.update(chunk, 0, filled);
                long value = one.getValue();
                chunks.write((int) (value >>> 24));
                chunks.write((int) (value >>> 16));
                chunks.write((int) (value >>> 8));
                chunks.write((int) value);
            }
            return new Digests(HexFormat.of().formatHex(sha.digest()), whole.getValue(), chunks.toByteArray());
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Digests that
                    && sha256.equals(that.sha256)
                    && crc32c == that.crc32c
                    && Arrays.equals(chunkCrcs, that.chunkCrcs);
        }

        @Override
        public int hashCode() {
            return sha256.hashCode();
        }

        @Override
        public String toString() {
            return "Digests[" + sha256 + ", " + crc32c + ", " + chunkCrcs.length / 4 + " chunks]";
        }
    }
}
