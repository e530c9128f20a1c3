package dev.filesys.file.blobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Every range of a small blob cut into tiny chunks: intact chunks pass, a damaged chunk never hands out a byte. */
class ChunkCheckingInputStreamTest {

    private static final int CHUNK = 10;
    private static final int SIZE = 35; // chunks 0-9, 10-19, 20-29 and a short last one, 30-34

    private final byte[] content = randomBytes(SIZE);
    private final ChunkCrcs crcs = crcsOf(content, 7);

    @Test
    void theAccumulatorGivesEachChunkItsOwnCrcWhateverThePieces() {
        ChunkCrcs oneByOne = crcsOf(content, 1);
        ChunkCrcs whole = crcsOf(content, SIZE);
        assertThat(crcs.count()).isEqualTo(4);
        for (int chunk = 0; chunk < 4; chunk++) {
            long expected = BlobStoreContractTest.crc32c(
                    Arrays.copyOfRange(content, chunk * CHUNK, Math.min(SIZE, chunk * CHUNK + CHUNK)));
            assertThat(crcs.crcOf(chunk)).isEqualTo(expected);
            assertThat(oneByOne.crcOf(chunk)).isEqualTo(expected);
            assertThat(whole.crcOf(chunk)).isEqualTo(expected);
        }
        assertThat(crcsOf(new byte[0], 7).count()).isZero();
        assertThat(crcsOf(new byte[CHUNK * 2], 3).count()).isEqualTo(2);
    }

    @Test
    void everyRangeOfAnIntactBlobIsServedExactly() throws IOException {
        for (int offset = 0; offset < SIZE; offset++) {
            for (int length = 1; offset + length <= SIZE; length++) {
                AtomicInteger violations = new AtomicInteger();
                InputStream in = stream(content, offset, length, violations);
                assertThat(readAll(in, 3).toByteArray())
                        .as("bytes %d-%d", offset, offset + length - 1)
                        .isEqualTo(Arrays.copyOfRange(content, offset, offset + length));
                assertThat(in.read()).isEqualTo(-1);
                assertThat(violations).hasValue(0);
            }
        }
    }

    @Test
    void aRangeTouchingADamagedChunkNeverHandsOutItsBytes() {
        int damagedAt = 24; // chunk 2: bytes 20-29
        byte[] damaged = content.clone();
        damaged[damagedAt] ^= 0x01;
        for (int offset = 0; offset < SIZE; offset++) {
            for (int length = 1; offset + length <= SIZE; length++) {
                int last = offset + length - 1;
                AtomicInteger violations = new AtomicInteger();
                boolean touches = offset / CHUNK <= 2 && last / CHUNK >= 2;
                if (!touches) {
                    continue;
                }
                ByteArrayOutputStream delivered = new ByteArrayOutputStream();
                InputStream in = stream(damaged, offset, length, violations);
                assertThatThrownBy(() -> readInto(in, delivered, 4))
                        .as("bytes %d-%d", offset, last)
                        .isInstanceOf(IntegrityViolation.class);
                // only the requested bytes before chunk 2 came out, all of them intact
                int before = Math.max(0, 20 - offset);
                assertThat(delivered.toByteArray()).isEqualTo(Arrays.copyOfRange(content, offset, offset + before));
                assertThat(violations).hasValue(1);
            }
        }
    }

    @Test
    void rangesAwayFromADamagedChunkAreServed() throws IOException {
        byte[] damaged = content.clone();
        damaged[24] ^= 0x01;
        AtomicInteger violations = new AtomicInteger();
        assertThat(stream(damaged, 5, 14, violations).readAllBytes()).isEqualTo(Arrays.copyOfRange(content, 5, 19));
        assertThat(stream(damaged, 30, 5, violations).readAllBytes()).isEqualTo(Arrays.copyOfRange(content, 30, 35));
        assertThat(violations).hasValue(0);
    }

    @Test
    void theFirstChunkCanBeCheckedBeforeAnythingIsRead() throws IOException {
        byte[] damaged = content.clone();
        damaged[31] ^= 0x01;
        AtomicInteger violations = new AtomicInteger();
        ChunkCheckingInputStream in = stream(damaged, 33, 2, violations);
        assertThatThrownBy(in::checkFirstChunk).isInstanceOf(IntegrityViolation.class);
        assertThat(violations).hasValue(1);
        assertThatThrownBy(in::read).isInstanceOf(IntegrityViolation.class);
        assertThat(violations).hasValue(1);

        ChunkCheckingInputStream intact = stream(content, 33, 2, violations);
        intact.checkFirstChunk();
        assertThat(intact.readAllBytes()).isEqualTo(Arrays.copyOfRange(content, 33, 35));
    }

    @Test
    void aBlobShorterThanRecordedIsAViolation() {
        byte[] shorter = Arrays.copyOf(content, 32);
        AtomicInteger violations = new AtomicInteger();
        assertThatThrownBy(() -> stream(shorter, 30, 2, violations).readAllBytes())
                .isInstanceOf(IntegrityViolation.class);
        assertThat(violations).hasValue(1);
    }

    /** Opens the source as the blob store would: from the start of the chunk that holds {@code offset}. */
    private ChunkCheckingInputStream stream(byte[] stored, int offset, int length, AtomicInteger violations) {
        int firstChunk = offset / CHUNK;
        int spanStart = firstChunk * CHUNK;
        int spanEnd = Math.min(stored.length, (offset + length + CHUNK - 1) / CHUNK * CHUNK);
        InputStream source = new ByteArrayInputStream(stored, spanStart, Math.max(0, spanEnd - spanStart));
        byte[] all = crcs.bytes();
        // the CRCs handed over start at the first chunk read, as Blobs fetches them
        ChunkCrcs fromFirst = new ChunkCrcs(CHUNK, Arrays.copyOfRange(all, firstChunk * 4, all.length));
        return new ChunkCheckingInputStream(
                source, fromFirst, firstChunk, SIZE, offset, length, violations::incrementAndGet);
    }

    private static ByteArrayOutputStream readAll(InputStream in, int bufferSize) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        readInto(in, out, bufferSize);
        return out;
    }

    private static void readInto(InputStream in, ByteArrayOutputStream out, int bufferSize) throws IOException {
        byte[] buffer = new byte[bufferSize];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
        }
    }

    private static ChunkCrcs crcsOf(byte[] bytes, int piece) {
        ChunkCrcs.Accumulator accumulator = new ChunkCrcs.Accumulator(CHUNK);
        for (int at = 0; at < bytes.length; at += piece) {
            accumulator.update(bytes, at, Math.min(piece, bytes.length - at));
        }
        return accumulator.finish();
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(14).nextBytes(bytes);
        return bytes;
    }
}
