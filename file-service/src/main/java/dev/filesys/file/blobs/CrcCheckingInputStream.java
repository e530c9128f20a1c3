package dev.filesys.file.blobs;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32C;

/**
 * Passes a whole blob through while computing its CRC32C, and checks it before handing out the last bytes: a reader of a
 * damaged blob gets an {@link IntegrityViolation} instead of the end of the blob, so it never sees a complete body that
 * looks good. The source must be opened for at least one byte more than the expected size, so that a blob that grew is
 * caught too.
 */
final class CrcCheckingInputStream extends FilterInputStream {

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
        super(source);
        this.expectedSize = expectedSize;
        this.expectedCrc = expectedCrc;
        this.onViolation = onViolation;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (verified) {
            // the expected bytes have all been handed out: anything more means the blob grew
            int extra = in.read(buffer, off, 1);
            if (extra >= 0) {
                throw violation("the blob is longer than recorded");
            }
            return -1;
        }
        int wanted = (int) Math.min(len, expectedSize - position);
        int n = wanted == 0 ? 0 : in.read(buffer, off, wanted);
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
    public boolean markSupported() {
        return false;
    }
}
