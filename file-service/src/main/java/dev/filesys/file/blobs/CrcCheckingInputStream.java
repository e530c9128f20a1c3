package dev.filesys.file.blobs;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32C;

/**
 * Passes a whole blob through while computing its CRC32C, and checks it before handing out the last bytes: a reader of a
 * damaged blob gets an {@link IntegrityViolation} instead of the end of the blob, so it never sees a complete body that
 * looks good. The source must be opened for at least one byte more than the expected size, so that a blob that grew is
 * caught too.
 */
final class CrcCheckingInputStream extends BlockInputStream {

    private final InputStream source;
    private final long expectedSize;
    private final long expectedCrc;
    private final Runnable onViolation;
    private final CRC32C crc = new CRC32C();
    private long position;
    private boolean verified;

    CrcCheckingInputStream(InputStream source, long expectedSize, long expectedCrc) {
        this(source, expectedSize, expectedCrc, () -> {});
    }

    /** As above, running {@code onViolation} once before the violation is thrown. */
    CrcCheckingInputStream(InputStream source, long expectedSize, long expectedCrc, Runnable onViolation) {
        this.source = source;
        this.expectedSize = expectedSize;
        this.expectedCrc = expectedCrc;
        this.onViolation = onViolation;
    }

    @Override
    protected int readBlock(byte[] buffer, int off, int len) throws IOException {
        if (verified) {
            // the expected bytes have all been handed out: anything more means the blob grew
            int extra = source.read(buffer, off, 1);
            if (extra >= 0) {
                throw violation("the blob is longer than recorded");
            }
            return -1;
        }
        int wanted = (int) Math.min(len, expectedSize - position);
        int n = wanted == 0 ? 0 : source.read(buffer, off, wanted);
        if (n < 0) {
            throw violation("the blob is shorter than recorded");
        }
        crc.update(buffer, off, n);
        position += n;
        if (position == expectedSize) {
            verified = true;
            if (crc.getValue() != expectedCrc) {
                throw violation("the blob's CRC32C does not match the one recorded at upload");
            }
            if (n == 0) {
                return read(buffer, off, len);
            }
        }
        return n;
    }

    private IntegrityViolation violation(String message) {
        onViolation.run();
        return new IntegrityViolation(message);
    }

    @Override
    public long skip(long n) {
        // skipping would leave bytes out of the checksum
        return 0;
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
