package dev.filesys.file.blobs;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The rest of a large body on its way into its staged file, in three overlapping steps instead of one after the other:
 * the caller's thread reads the body into buffers, one worker digests each buffer (SHA-256, CRC32C, chunk CRC32Cs) and
 * another writes it to the file. On a loaded disk a {@code write(2)} can stall for milliseconds while dirty pages are
 * flushed; here such a stall holds up neither the socket nor the hashing until every buffer is in use. Where the file
 * must be durable, the writer also starts writing back what it has written every {@link #WRITEBACK_INTERVAL} bytes (a
 * {@code force} on a third thread), so that the disk works while the body still arrives and the final fsync finds
 * little left to do.
 *
 * <p>Memory stays bounded: at most {@link #MAX_BUFFERS} buffers per body, taken only when the workers fall behind, and
 * a few are kept for the next body. Both workers see the buffers in the order they were read, so the digests and the
 * file are the body's exact bytes. A failure anywhere stops all three steps, and no step outlives {@link #run}: the
 * caller may close and delete the file as soon as it returns or throws.
 */
final class StagingPipeline {

    /** The size of each buffer: large enough that a digest call and a {@code write(2)} each handle many pages. */
    static final int BUFFER_SIZE = 1024 * 1024;

    /** The most buffers one body holds: how far the socket may run ahead of a stalled write. */
    static final int MAX_BUFFERS = 8;

    /** How many written bytes make the writer start writing them back to disk. */
    static final long WRITEBACK_INTERVAL = 32L * 1024 * 1024;

    /** Buffers kept between bodies, so that a body of a few MiB allocates none. */
    private static final BlockingQueue<byte[]> SPARE = new ArrayBlockingQueue<>(MAX_BUFFERS);

    /**
     * The workers' threads: platform threads, because the digester is bound by the CPU and the writer blocks in file
     * system calls, neither of which a virtual thread's carrier should be held by; created as bodies need them and
     * dropped after a minute unused.
     */
    private static final ExecutorService WORKERS = Executors.newCachedThreadPool(
            Thread.ofPlatform().name("staging-", 0).daemon().factory());

    /** The reader checks this often whether a worker failed while it waits for a buffer. */
    private static final long POLL_MILLIS = 100;

    private static final Piece END = new Piece(null, 0, null);

    private final FileChannel channel;
    private final StagingDigests digests;
    private final boolean writeback;
    private final BlockingQueue<Piece> toDigest = new ArrayBlockingQueue<>(MAX_BUFFERS + 1);
    private final BlockingQueue<Piece> toWrite = new ArrayBlockingQueue<>(MAX_BUFFERS + 1);
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(MAX_BUFFERS);
    private int allocated;
    private volatile boolean stopped;
    private volatile Throwable failure;

    /**
     * @param channel the staged file, positioned where the body's next byte goes
     * @param digests the digests of the bytes before, continued here
     * @param writeback whether to start writing the file back to disk as it grows (where it is fsynced at the end)
     */
    StagingPipeline(FileChannel channel, StagingDigests digests, boolean writeback) {
        this.channel = channel;
        this.digests = digests;
        this.writeback = writeback;
    }

    /** What the caller's thread does: fills buffers from the body and hands them on, until the body ends. */
    interface Source {

        /** Fills {@code buffer} from the body, up to its end or the body's; returns how many bytes it put there. */
        int fill(byte[] buffer) throws IOException;

        /** Whether the body has ended. */
        boolean ended();
    }

    /**
     * Reads the rest of the body from {@code source} and returns once every byte is digested and written (not yet
     * forced to disk: the caller does that). Throws what the source, the digester or the writer threw first.
     */
    void run(Source source) throws IOException {
        Future<?> digesting = WORKERS.submit(() -> consume(toDigest, this::digest));
        Future<?> writing = WORKERS.submit(this::writeAll);
        try {
            while (!source.ended()) {
                byte[] buffer = nextFree();
                int length = source.fill(buffer);
                if (length == 0) {
                    free.add(buffer);
                    continue;
                }
                Piece piece = new Piece(buffer, length, new AtomicInteger(2));
                toDigest.add(piece);
                toWrite.add(piece);
            }
        } catch (IOException | RuntimeException e) {
            stopped = true;
            throw e;
        } finally {
            // at most MAX_BUFFERS pieces are in each queue, so there is always room for the end
            toDigest.add(END);
            toWrite.add(END);
            boolean interrupted = awaitUninterruptibly(digesting) | awaitUninterruptibly(writing);
            keepSpares();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        rethrowFailure();
    }

    /** A free buffer: one the workers are done with, else a new one while the body holds fewer than the most. */
    private byte[] nextFree() throws IOException {
        while (true) {
            rethrowFailure();
            byte[] buffer = free.poll();
            if (buffer != null) {
                return buffer;
            }
            if (allocated < MAX_BUFFERS) {
                allocated++;
                byte[] spare = SPARE.poll();
                return spare != null ? spare : new byte[BUFFER_SIZE];
            }
            try {
                buffer = free.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while staging");
            }
            if (buffer != null) {
                return buffer;
            }
        }
    }

    private void rethrowFailure() throws IOException {
        Throwable failed = failure;
        if (failed instanceof IOException e) {
            throw e;
        }
        if (failed instanceof RuntimeException e) {
            throw e;
        }
        if (failed instanceof Error e) {
            throw e;
        }
    }

    /** What a worker does with one piece. */
    @FunctionalInterface
    private interface Step {
        void take(Piece piece) throws IOException;
    }

    /**
     * A worker's loop: every piece in order until the end; after a failure (its own or another step's) the pieces are
     * only given back, so the reader is never left waiting for a buffer.
     */
    private void consume(BlockingQueue<Piece> queue, Step step) {
        try {
            while (true) {
                Piece piece = queue.take();
                if (piece == END) {
                    return;
                }
                try {
                    if (!stopped && failure == null) {
                        step.take(piece);
                    }
                } catch (IOException | RuntimeException | Error e) {
                    fail(e);
                } finally {
                    if (piece.holders().decrementAndGet() == 0) {
                        free.add(piece.buffer());
                    }
                }
            }
        } catch (InterruptedException e) {
            fail(new InterruptedIOException("a staging worker was interrupted"));
        }
    }

    private void fail(Throwable e) {
        synchronized (this) {
            if (failure == null) {
                failure = e;
            }
        }
    }

    private void digest(Piece piece) {
        digests.update(piece.buffer(), 0, piece.length());
    }

    private void writeAll() {
        Writeback writer = new Writeback();
        consume(toWrite, writer);
        try {
            writer.finish();
        } catch (IOException | RuntimeException e) {
            fail(e);
        }
    }

    /** Writes pieces to the file, starting the writeback of what was written every {@link #WRITEBACK_INTERVAL}. */
    private final class Writeback implements Step {

        private long written;
        private long writtenBack;
        private Future<?> forcing;

        @Override
        public void take(Piece piece) throws IOException {
            PrivateFiles.write(channel, piece.buffer(), 0, piece.length());
            written += piece.length();
            if (writeback
                    && WRITEBACK_INTERVAL > 0
                    && written - writtenBack >= WRITEBACK_INTERVAL
                    && (forcing == null || forcing.isDone())) {
                check(forcing);
                writtenBack = written;
                // force(false) writes the file's dirty pages back; on a thread of its own, so writing goes on
                forcing = WORKERS.submit(() -> {
                    try {
                        channel.force(false);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }

        /** Waits for a writeback still running; its failure fails the staging. */
        void finish() throws IOException {
            if (forcing != null) {
                if (awaitUninterruptibly(forcing)) {
                    Thread.currentThread().interrupt();
                }
                check(forcing);
            }
        }

        private static void check(Future<?> done) throws IOException {
            if (done == null) {
                return;
            }
            try {
                done.get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UncheckedIOException io) {
                    throw io.getCause();
                }
                throw new IOException("writing back the staged file failed", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while writing back the staged file");
            }
        }
    }

    /** Waits until {@code task} is done, whatever interrupts come; returns whether one came. */
    private static boolean awaitUninterruptibly(Future<?> task) {
        boolean interrupted = false;
        while (true) {
            try {
                task.get();
                return interrupted;
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException e) {
                // the tasks record their failures themselves; an escaped one is recorded by the caller's check
                return interrupted;
            }
        }
    }

    /** Gives the body's buffers to the next body, as many as are kept. */
    private void keepSpares() {
        for (byte[] buffer = free.poll(); buffer != null; buffer = free.poll()) {
            if (!SPARE.offer(buffer)) {
                return;
            }
        }
    }

    /** {@code length} bytes of {@code buffer}, handed back when {@code holders} steps are done with them. */
    private record Piece(byte[] buffer, int length, AtomicInteger holders) {}
}
