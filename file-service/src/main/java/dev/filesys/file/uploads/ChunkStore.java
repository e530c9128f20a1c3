package dev.filesys.file.uploads;

import dev.filesys.file.FileServiceProperties;
import dev.filesys.file.blobs.SizeLimitExceeded;
import dev.filesys.file.blobs.TransferPace;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The bytes of resumable uploads in progress, on the shared blob root: {@code root/uploads/<upload id>/<generation>.part},
 * one file per PATCH request. Each request writes only its own file, so two requests for one upload (a client retrying
 * while its first attempt still trickles in, on any instance) never write over each other; the database decides which
 * of them counts.
 */
@Component
final class ChunkStore {

    static final int BUFFER_SIZE = 128 * 1024;

    private static final Logger log = LoggerFactory.getLogger(ChunkStore.class);

    private final Path uploads;

    @Autowired
    ChunkStore(FileServiceProperties properties) throws IOException {
        this(properties.storage().root());
    }

    ChunkStore(Path root) throws IOException {
        this.uploads = root.toAbsolutePath().normalize().resolve("uploads");
        Files.createDirectories(uploads);
    }

    /** How a chunk's body ended. */
    enum Ending {
        /** The body was read to its end. */
        COMPLETE,
        /** Reading failed part-way (the connection broke or stalled); the bytes before are kept. */
        CUT,
        /** The request ran out of time part-way; the bytes before are kept. */
        TIMED_OUT,
        /** The body arrived more slowly than the minimum rate; the bytes before are kept. */
        TOO_SLOW
    }

    /**
     * What was written and made durable: {@code length} bytes, their digest when one was asked for, and how the body
     * ended.
     */
    record Written(long length, byte[] digest, Ending ending) {}

    /**
     * Streams a PATCH body into the request's own chunk file and fsyncs it, keeping what arrived even when the body is
     * cut off.
     *
     * @param digest computed over the bytes written, or null
     * @throws SizeLimitExceeded when the body has more than {@code maxBytes} bytes (nothing is kept)
     * @throws IOException when the disk failed (nothing is kept)
     */
    Written write(
            UUID upload, long generation, InputStream body, long maxBytes, TransferPace pace, MessageDigest digest)
            throws IOException {
        Path dir = uploads.resolve(upload.toString());
        Files.createDirectories(dir);
        Path file = dir.resolve(generation + ".part");
        byte[] buffer = new byte[BUFFER_SIZE];
        long length = 0;
        TransferPace.Clock clock = pace.start();
        Ending ending = Ending.COMPLETE;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            while (true) {
                int n;
                try {
                    n = body.read(buffer, 0, buffer.length);
                } catch (IOException e) {
                    ending = Ending.CUT;
                    break;
                }
                if (n < 0) {
                    break;
                }
                length += n;
                if (length > maxBytes) {
                    throw new SizeLimitExceeded(maxBytes);
                }
                if (digest != null) {
                    digest.update(buffer, 0, n);
                }
                ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                TransferPace.Verdict verdict = clock.check(length);
                if (verdict != TransferPace.Verdict.ON_TIME) {
                    ending = verdict == TransferPace.Verdict.TOO_SLOW ? Ending.TOO_SLOW : Ending.TIMED_OUT;
                    break;
                }
            }
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return new Written(length, digest == null ? null : digest.digest(), ending);
    }

    /** Removes a chunk that will not count. Never throws. */
    void discard(UUID upload, long generation) {
        try {
            Files.deleteIfExists(uploads.resolve(upload.toString()).resolve(generation + ".part"));
        } catch (IOException e) {
            log.warn("could not delete a discarded upload chunk; the sweeper will", e);
        }
    }

    /** A chunk that counts: {@code length} bytes in the file of {@code generation}. */
    record Chunk(long generation, long length) {}

    /**
     * The chunks' bytes one after the other, opening one file at a time; a chunk file shorter than recorded fails the
     * read.
     */
    InputStream read(UUID upload, List<Chunk> chunks) {
        Path dir = uploads.resolve(upload.toString());
        Iterator<Chunk> remaining = chunks.iterator();
        Enumeration<InputStream> parts = new Enumeration<>() {
            @Override
            public boolean hasMoreElements() {
                return remaining.hasNext();
            }

            @Override
            public InputStream nextElement() {
                Chunk chunk = remaining.next();
                try {
                    FileChannel channel = FileChannel.open(dir.resolve(chunk.generation() + ".part"));
                    return new ExactLengthInputStream(Channels.newInputStream(channel), chunk.length());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
        InputStream sequence = new SequenceInputStream(parts);
        return new InputStream() {
            @Override
            public int read() throws IOException {
                try {
                    return sequence.read();
                } catch (UncheckedIOException e) {
                    throw e.getCause();
                }
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                try {
                    return sequence.read(b, off, len);
                } catch (UncheckedIOException e) {
                    throw e.getCause();
                }
            }

            @Override
            public void close() throws IOException {
                sequence.close();
            }
        };
    }

    /** Removes all of an upload's chunk files. Never throws. */
    void deleteAll(UUID upload) {
        Path dir = uploads.resolve(upload.toString());
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(dir);
        } catch (NoSuchFileException e) {
            // nothing was ever written, or it is gone already
        } catch (IOException e) {
            log.warn("could not delete the chunks of upload {}; the sweeper will", upload, e);
        }
    }

    /** Uploads with a chunk directory last changed before {@code cutoff}. */
    List<UUID> directoriesBefore(Instant cutoff) throws IOException {
        List<UUID> found = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(uploads, Files::isDirectory)) {
            for (Path dir : dirs) {
                UUID id;
                try {
                    id = UUID.fromString(dir.getFileName().toString());
                } catch (IllegalArgumentException e) {
                    continue;
                }
                if (Files.getLastModifiedTime(dir).toInstant().isBefore(cutoff)) {
                    found.add(id);
                }
            }
        }
        return Collections.unmodifiableList(found);
    }

    /** Exactly {@code length} bytes of a stream: fewer is a failure, more are not read. */
    private static final class ExactLengthInputStream extends InputStream {

        private final InputStream in;
        private long remaining;

        ExactLengthInputStream(InputStream in, long length) {
            this.in = in;
            this.remaining = length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining == 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n < 0) {
                throw new IOException("an upload chunk is shorter than recorded");
            }
            remaining -= n;
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
