package dev.filesys.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;

/** The machine's own limits, measured in the same run as the comparisons: hashing, durable writes, cached reads. */
final class Limits {

    static final double MIB = 1024.0 * 1024.0;
    private static final int BUFFER = 128 * 1024;

    private Limits() {}

    /** Writes {@code size} pseudo-random bytes (incompressible, not deduplicable) and answers their SHA-256 (hex). */
    static String generate(Path file, long size, long seed) throws IOException {
        MessageDigest sha256 = sha256();
        SplittableRandom random = new SplittableRandom(seed);
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < size; written += block.length) {
                random.nextBytes(block);
                int n = (int) Math.min(block.length, size - written);
                sha256.update(block, 0, n);
                out.write(block, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    /** Java's SHA-256 over bytes already in memory, MiB/s. */
    static double javaSha256(long bytes) {
        MessageDigest sha256 = sha256();
        byte[] buffer = new byte[BUFFER];
        new SplittableRandom(1).nextBytes(buffer);
        long start = System.nanoTime();
        for (long done = 0; done < bytes; done += buffer.length) {
            sha256.update(buffer);
        }
        sha256.digest();
        return bytes / MIB / ((System.nanoTime() - start) / 1e9);
    }

    /** Java's CRC32C over bytes already in memory, MiB/s. */
    static double javaCrc32c(long bytes) {
        CRC32C crc = new CRC32C();
        byte[] buffer = new byte[BUFFER];
        new SplittableRandom(2).nextBytes(buffer);
        long start = System.nanoTime();
        for (long done = 0; done < bytes; done += buffer.length) {
            crc.update(buffer);
        }
        crc.getValue();
        return bytes / MIB / ((System.nanoTime() - start) / 1e9);
    }

    /** {@code openssl dgst -sha256} of the (cached) file, MiB/s. */
    static double opensslSha256(Path file) throws IOException {
        Proc.Result result = Proc.run(Duration.ofMinutes(5), "openssl", "dgst", "-sha256", file.toString())
                .orThrow("openssl dgst");
        return Files.size(file) / MIB / result.seconds();
    }

    /** {@code dd} of the file to a new file with {@code conv=fsync}: the durable-write rate, MiB/s. */
    static double fsyncedWrite(Path file, Path target) throws IOException {
        try {
            Proc.Result result = Proc.run(
                            Duration.ofMinutes(5),
                            "dd",
                            "if=" + file,
                            "of=" + target,
                            "bs=1M",
                            "conv=fsync",
                            "status=none")
                    .orThrow("dd");
            return Files.size(file) / MIB / result.seconds();
        } finally {
            Files.deleteIfExists(target);
        }
    }

    /** {@code dd} of the cached file to /dev/null: the page-cache read rate, MiB/s. */
    static double cachedRead(Path file) throws IOException {
        Proc.Result result = Proc.run(Duration.ofMinutes(5), "dd", "if=" + file, "of=/dev/null", "bs=1M", "status=none")
                .orThrow("dd");
        return Files.size(file) / MIB / result.seconds();
    }

    /**
     * What an upload must do at least, without the network: read the bytes, SHA-256 them, write them to a new file
     * through one buffer, fsync. MiB/s.
     */
    static double hashAndFsync(Path file, Path target) throws IOException {
        MessageDigest sha256 = sha256();
        byte[] buffer = new byte[BUFFER];
        long start = System.nanoTime();
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ);
                FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer wrapped = ByteBuffer.wrap(buffer);
            int n;
            while ((n = in.read(wrapped.clear())) > 0) {
                sha256.update(buffer, 0, n);
                wrapped.flip();
                while (wrapped.hasRemaining()) {
                    out.write(wrapped);
                }
            }
            out.force(true);
            sha256.digest();
        } finally {
            Files.deleteIfExists(target);
        }
        return Files.size(file) / MIB / ((System.nanoTime() - start) / 1e9);
    }

    /**
     * What a durable small upload must do at least, without the network and the database: {@code threads} threads each
     * write 4 KiB to a new file, fsync it, rename it into one of 256 directories and fsync that directory. Files/s.
     */
    static double durableSmallWrites(Path dir, int threads, Duration duration) throws Exception {
        Path staging = Files.createDirectories(dir.resolve("tmp"));
        for (int i = 0; i < 256; i++) {
            Files.createDirectories(dir.resolve(String.format("%02x", i)));
        }
        AtomicLong done = new AtomicLong();
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        try (var pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    byte[] content = new byte[4096];
                    SplittableRandom random = new SplittableRandom(thread);
                    for (int i = 0; i < 1_000_000 && System.nanoTime() < deadline; i++) {
                        random.nextBytes(content);
                        Path temp = staging.resolve(thread + "-" + i + ".tmp");
                        try (FileChannel out =
                                FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                            out.write(ByteBuffer.wrap(content));
                            out.force(true);
                        }
                        Path target = dir.resolve(String.format("%02x", content[0] & 0xff))
                                .resolve(thread + "-" + i);
                        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                        try (FileChannel directory = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
                            directory.force(true);
                        }
                        done.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (var future : futures) {
                future.get();
            }
        }
        return done.get() / ((System.nanoTime() - start) / 1e9);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
