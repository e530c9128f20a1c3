package dev.filesys.file.uploads;

import dev.filesys.file.blobs.SizeLimitExceeded;
import dev.filesys.file.blobs.TransferPace;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Reads a PATCH body through one buffer into a sink, the same way for every chunk store: at most {@code maxBytes},
 * at the pace the settings ask, computing the digest asked for, and telling a body that ended from one that was cut,
 * timed out or trickled too slowly (the bytes before are kept in those cases).
 */
final class ChunkBody {

    static final int BUFFER_SIZE = 128 * 1024;

    private ChunkBody() {}

    /** Where the bytes go; a failure here is the store's, and nothing is kept. */
    @FunctionalInterface
    interface Sink {
        void write(byte[] buffer, int offset, int length) throws IOException;
    }

    /** How many bytes went to the sink and how the body ended. */
    record Copied(long length, ChunkStore.Ending ending) {}

    /**
     * @throws SizeLimitExceeded when the body has more than {@code maxBytes} bytes
     * @throws IOException when the sink failed
     */
    static Copied copy(InputStream body, long maxBytes, TransferPace pace, MessageDigest digest, Sink sink)
            throws IOException {
        byte[] buffer = new byte[BUFFER_SIZE];
        long length = 0;
        TransferPace.Clock clock = pace.start();
        while (true) {
            int n;
            try {
                n = body.read(buffer, 0, buffer.length);
            } catch (IOException e) {
                return new Copied(length, ChunkStore.Ending.CUT);
            }
            if (n < 0) {
                return new Copied(length, ChunkStore.Ending.COMPLETE);
            }
            length += n;
            if (length > maxBytes) {
                throw new SizeLimitExceeded(maxBytes);
            }
            if (digest != null) {
                digest.update(buffer, 0, n);
            }
            sink.write(buffer, 0, n);
            TransferPace.Verdict verdict = clock.check(length);
            if (verdict != TransferPace.Verdict.ON_TIME) {
                return new Copied(
                        length,
                        verdict == TransferPace.Verdict.TOO_SLOW
                                ? ChunkStore.Ending.TOO_SLOW
                                : ChunkStore.Ending.TIMED_OUT);
            }
        }
    }
}
