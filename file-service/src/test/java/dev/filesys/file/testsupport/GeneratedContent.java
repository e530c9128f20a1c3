package dev.filesys.file.testsupport;

import java.io.InputStream;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Deterministic pseudo-random content of any length, produced as it is read, so tests can send and check gigabytes
 * without holding them: the same seed and length always give the same bytes and {@link #sha256()}.
 */
public final class GeneratedContent {

    private final long length;
    private final long seed;

    public GeneratedContent(long length, long seed) {
        this.length = length;
        this.seed = seed;
    }

    public long length() {
        return length;
    }

    /** A fresh stream of the bytes. */
    public InputStream stream() {
        return new Stream(length, seed);
    }

    /** A request body of the bytes with a Content-Length. */
    public BodyPublisher publisher() {
        return BodyPublishers.fromPublisher(BodyPublishers.ofInputStream(this::stream), length);
    }

    /** The same bytes as a chunked request body (no Content-Length). */
    public BodyPublisher chunkedPublisher() {
        return BodyPublishers.ofInputStream(this::stream);
    }

    /** The SHA-256 of the bytes, computed by generating them once. */
    public String sha256() {
        MessageDigest digest = TransferClient.sha256();
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = stream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                digest.update(buffer, 0, n);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static final class Stream extends InputStream {
        private long remaining;
        private long state;

        Stream(long length, long seed) {
            this.remaining = length;
            this.state = seed == 0 ? 0x9E3779B97F4A7C15L : seed;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (remaining == 0) {
                return -1;
            }
            int n = (int) Math.min(len, remaining);
            for (int i = 0; i < n; i++) {
                state ^= state << 13;
                state ^= state >>> 7;
                state ^= state << 17;
                b[off + i] = (byte) state;
            }
            remaining -= n;
            return n;
        }
    }
}
