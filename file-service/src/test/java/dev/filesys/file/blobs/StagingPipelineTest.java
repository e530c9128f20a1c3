package dev.filesys.file.blobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.filesys.file.testsupport.GeneratedContent;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A body longer than the first buffer goes through the {@link StagingPipeline}: read, digested and written on three
 * threads. On real files: the digests and the file are the body's exact bytes however unevenly they arrive, past
 * several writebacks, and a body cut part-way leaves nothing behind.
 */
class StagingPipelineTest {

    private static final StageLimits GENEROUS = new StageLimits(Long.MAX_VALUE, Duration.ofMinutes(5));

    @TempDir
    Path dir;

    @Test
    void aLargeBodyInUnevenReadsYieldsItsExactBytesAndDigests() throws IOException {
        // past two writebacks, many full buffers and a short last chunk; reads of 1 byte to ~300 KiB, as sockets do
        long size = 2 * StagingPipeline.WRITEBACK_INTERVAL + 5L * StagingPipeline.BUFFER_SIZE + 12_345;
        StagingArea staging = new StagingArea(dir, true);

        StagedBlob staged = staging.stage(new UnevenStream(size, 21), GENEROUS);

        Path file = staging.pathOf(staged);
        Expected expected = Expected.of(file);
        Expected sent = Expected.of(new UnevenStream(size, 21));
        assertThat(sent.sha256).as("the file holds the bytes sent").isEqualTo(expected.sha256);
        assertThat(Files.size(file)).isEqualTo(size);
        assertThat(staged.size()).isEqualTo(size);
        assertThat(staged.sha256()).isEqualTo(sent.sha256);
        assertThat(staged.crc32c()).isEqualTo(sent.crc32c);
        ChunkCrcs chunks = staged.chunkCrcs();
        assertThat(chunks.chunkSize()).isEqualTo(ChunkCrcs.CHUNK_SIZE);
        assertThat(chunks.count()).isEqualTo(sent.chunkCrcs.length);
        for (int i = 0; i < chunks.count(); i++) {
            assertThat(chunks.crcOf(i)).as("chunk %d", i).isEqualTo(sent.chunkCrcs[i]);
        }
    }

    @Test
    void bodiesOneAfterAnotherEachGetTheirOwnBytes() throws IOException {
        // buffers are kept between bodies: a body must never see another's bytes
        StagingArea staging = new StagingArea(dir, false);
        for (int seed = 1; seed <= 3; seed++) {
            long size = (4 - seed) * (long) StagingPipeline.BUFFER_SIZE + seed;
            StagedBlob staged = staging.stage(new UnevenStream(size, seed), GENEROUS);
            Expected sent = Expected.of(new UnevenStream(size, seed));
            assertThat(staged.sha256()).isEqualTo(sent.sha256);
            assertThat(Expected.of(staging.pathOf(staged)).sha256).isEqualTo(sent.sha256);
        }
    }

    @Test
    void aBodyCutPartWayLeavesNoStagedFile() throws IOException {
        StagingArea staging = new StagingArea(dir, true);
        long cutAt = 3 * StagingPipeline.BUFFER_SIZE * StagingPipeline.MAX_BUFFERS + 777;
        InputStream cut = new UnevenStream(cutAt * 2, 5) {
            private long served;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (served >= cutAt) {
                    throw new IOException("connection reset by peer");
                }
                int n = super.read(b, off, (int) Math.min(len, cutAt - served));
                served += n;
                return n;
            }
        };

        assertThatThrownBy(() -> staging.stage(cut, GENEROUS))
                .isInstanceOf(ContentReadFailed.class)
                .hasRootCauseMessage("connection reset by peer");
        assertThat(filesIn(dir)).isZero();
    }

    @Test
    void aBodyOverTheLimitPastTheFirstBuffersLeavesNoStagedFile() throws IOException {
        StagingArea staging = new StagingArea(dir, true);
        long limit = 10L * StagingPipeline.BUFFER_SIZE + 3;

        assertThatThrownBy(() ->
                        staging.stage(new UnevenStream(limit + 1, 9), new StageLimits(limit, Duration.ofMinutes(1))))
                .isInstanceOf(SizeLimitExceeded.class);
        assertThat(filesIn(dir)).isZero();
    }

    private static long filesIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        }
    }

    /** Digests computed here, independently of the staging: the whole SHA-256 and CRC32C and each chunk's CRC32C. */
    private record Expected(String sha256, long crc32c, long[] chunkCrcs) {

        static Expected of(Path file) throws IOException {
            try (InputStream in = Files.newInputStream(file)) {
                return of(in);
            }
        }

        static Expected of(InputStream in) throws IOException {
            MessageDigest sha = StagingArea.sha256();
            CRC32C whole = new CRC32C();
            long[] chunks = new long[64];
            int count = 0;
            byte[] chunk = new byte[ChunkCrcs.CHUNK_SIZE];
            while (true) {
                int filled = in.readNBytes(chunk, 0, chunk.length);
                if (filled == 0) {
                    break;
                }
                sha.update(chunk, 0, filled);
                whole.update(chunk, 0, filled);
                CRC32C one = new CRC32C();
                one.update(chunk, 0, filled);
                if (count == chunks.length) {
                    chunks = Arrays.copyOf(chunks, count * 2);
                }
                chunks[count++] = one.getValue();
            }
            return new Expected(HexFormat.of().formatHex(sha.digest()), whole.getValue(), Arrays.copyOf(chunks, count));
        }
    }

    /** {@link GeneratedContent}'s bytes, handed out in reads of uneven sizes (one byte to ~300 KiB), as sockets do. */
    private static class UnevenStream extends FilterInputStream {

        private final Random sizes;

        UnevenStream(long size, long seed) {
            super(new GeneratedContent(size, seed).stream());
            this.sizes = new Random(seed);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int want = sizes.nextInt(8) == 0 ? 1 + sizes.nextInt(16) : 1 + sizes.nextInt(300 * 1024);
            return super.read(b, off, Math.min(len, want));
        }
    }
}
