package dev.filesys.file.blobs;

import dev.filesys.file.FileServiceProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The blob feature's entry point: keeps the {@code blobs} rows and the bytes in the {@link BlobStore} in step. Bytes are
 * published only inside the transaction that records them, under a per-digest lock the sweeper also takes, so a blob
 * that a committed file references is always there; reads of a whole blob are checked against its CRC32C, reads of part
 * of one against the CRC32Cs of the chunks they touch, and a damaged blob is quarantined.
 */
@Service
public class Blobs {

    private static final Logger log = LoggerFactory.getLogger(Blobs.class);

    /** First key of the advisory locks on digests, so they cannot collide with other features' advisory locks. */
    static final int LOCK_CLASS = 0x626c6f62; // "blob"

    /** The direct buffer a check before sendfile reads through: the CRC32C then runs on it without a copy. */
    private static final int CHECK_BUFFER_SIZE = 256 * 1024;

    private final BlobStore store;
    private final JdbcClient jdbc;
    private final MeterRegistry meters;
    private final ApplicationEventPublisher events;
    private final Counter integrityFailures;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final SmallBlobCache smallBlobs;

    Blobs(
            BlobStore store,
            JdbcClient jdbc,
            MeterRegistry meters,
            ApplicationEventPublisher events,
            FileServiceProperties properties) {
        this.store = store;
        this.smallBlobs = new SmallBlobCache(properties.storage().smallBlobCache(), meters);
        this.jdbc = jdbc;
        this.meters = meters;
        this.events = events;
        this.integrityFailures = Counter.builder("filesys.blobs.integrity.failures")
                .description("Blobs whose bytes did not match their CRC32C when read")
                .register(meters);
    }

    /** Streams content into the store, computing its digests; see {@link BlobStore#stage}. */
    public StagedBlob stage(InputStream content, StageLimits limits) throws IOException {
        Timer.Sample sample = Timer.start(meters);
        try {
            return store.stage(content, limits);
        } finally {
            sample.stop(timer("stage"));
        }
    }

    /** Drops a staged blob that will not be stored. */
    public void discard(StagedBlob staged) {
        store.discard(staged);
    }

    /**
     * Records a staged blob (or refreshes the record of identical bytes stored before) and publishes its bytes. Runs in
     * the caller's transaction, which must also record the file that references the blob: the digest stays locked
     * until that transaction ends, so the sweeper cannot remove the blob in between. A rolled-back transaction can
     * leave published bytes without a row; the sweeper removes those after the grace period.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void store(StagedBlob staged) throws IOException {
        // one statement: the digest's lock (as lock() takes it) is taken before the row is written, as the row comes
        // from the locking sub-select; identical bytes arriving again also heal a quarantined blob: they replace the
        // moved-aside copy
        jdbc.sql("""
                        INSERT INTO blobs (sha256, size, crc32c, chunk_size, chunk_crc32c)
                        SELECT :sha256, :size, :crc32c, :chunkSize, :chunkCrcs
                        FROM (SELECT pg_advisory_xact_lock(:class, :key)) AS locked
                        ON CONFLICT (sha256) DO UPDATE SET touched_at = now(), quarantined_at = NULL,
                            chunk_size = EXCLUDED.chunk_size, chunk_crc32c = EXCLUDED.chunk_crc32c
                        """)
                .param("class", LOCK_CLASS)
                .param("key", lockKey(staged.sha256()))
                .param("sha256", staged.sha256())
                .param("size", staged.size())
                .param("crc32c", staged.crc32c())
                .param("chunkSize", staged.chunkCrcs().chunkSize())
                .param("chunkCrcs", staged.chunkCrcs().bytes())
                .update();
        Timer.Sample sample = Timer.start(meters);
        try {
            store.publish(staged);
        } finally {
            sample.stop(timer("publish"));
        }
    }

    /**
     * Notes that a reference to a blob went away: the grace period before the sweeper may remove the blob, if nothing
     * references it any more, starts now.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void release(String sha256) {
        jdbc.sql("UPDATE blobs SET touched_at = now() WHERE sha256 = :sha256")
                .param("sha256", sha256)
                .update();
    }

    /**
     * Opens a whole blob for reading, checked against its CRC32C as it streams: a damaged blob throws
     * {@link IntegrityViolation} before its last bytes are handed out, and is quarantined. A small blob is checked whole
     * before this returns (so its damage throws here), and its checked bytes are kept in memory for the next reads
     * ({@link SmallBlobCache}).
     *
     * @throws BlobNotStored when its bytes are not in the store
     */
    public InputStream openWhole(String sha256, long size, long crc32c) throws IOException {
        boolean small = smallBlobs.keeps(size);
        byte[] cached = small ? smallBlobs.get(sha256) : null;
        if (cached != null) {
            return new ByteArrayInputStream(cached);
        }
        InputStream source = open(sha256, 0, size + 1);
        InputStream checked = new CrcCheckingInputStream(source, size, crc32c, () -> quarantine(sha256));
        if (!small) {
            return checked;
        }
        // a small blob is read and checked whole here, before any of it is handed out, and kept
        byte[] bytes;
        try (checked) {
            bytes = checked.readAllBytes();
        }
        smallBlobs.put(sha256, bytes);
        return new ByteArrayInputStream(bytes);
    }

    /**
     * Opens {@code length} bytes (at least one) of a blob from {@code offset} on, checked chunk by chunk: the store is
     * read from the start of the first chunk the range touches to the end of the last, each chunk's CRC32C is checked
     * before any of its bytes is handed out, and only the requested bytes are. The first chunk is checked before this
     * returns, so a damaged one throws {@link IntegrityViolation} here; a later one throws it from {@code read}. Either
     * way the blob is quarantined. A blob recorded before chunk CRCs were kept is read unchecked.
     *
     * @throws BlobNotStored when its bytes are not in the store
     */
    public InputStream openRange(String sha256, long offset, long length) throws IOException {
        ChunkedRange checked = chunkCrcsFor(sha256, offset, length);
        if (checked == null) {
            return open(sha256, offset, length);
        }
        int chunkSize = checked.crcs().chunkSize();
        long spanStart = (long) checked.firstChunk() * chunkSize;
        long spanEnd = Math.min(checked.size(), ceilToChunk(offset + length, chunkSize));
        InputStream source = open(sha256, spanStart, spanEnd - spanStart);
        ChunkCheckingInputStream body = new ChunkCheckingInputStream(
                source, checked.crcs(), checked.firstChunk(), checked.size(), offset, length, () -> quarantine(sha256));
        try {
            body.checkFirstChunk();
        } catch (IOException | RuntimeException e) {
            body.close();
            throw e;
        }
        return body;
    }

    /**
     * Checks {@code length} bytes (at least one) of a blob from {@code offset} on before any of them is sent, and names
     * the local file that holds them, for the caller to have the operating system send that range of it (sendfile).
     * Every chunk the range touches is read once (from the page cache, for a blob read recently) and checked against
     * its CRC32C; a whole blob is also checked against its recorded size, or against its CRC32C when it was recorded
     * before chunk CRCs were kept. What is sent is what was checked: blobs are immutable once published, and one is
     * removed only a grace period after its last reference went away.
     *
     * <p>Any doubt answers null, and the caller then streams through {@link #openRange} or {@link #openWhole}, which
     * check as they go: that read meets the damage (or the missing blob) itself and handles it as every read does
     * (quarantine; a clean problem before the headers, or a cut body after them), so a download of a damaged blob
     * behaves the same whichever way it would have been sent.
     *
     * @param size the blob's size as recorded
     * @param crc32c the whole blob's CRC32C as recorded
     * @return the checked file; null when the store keeps no local file, when the blob is not there or any byte of the
     *     range does not match, or when nothing records the CRCs of a range's chunks
     */
    public Path checkedFile(String sha256, long size, long crc32c, long offset, long length) throws IOException {
        Path file = store.localFile(sha256).orElse(null);
        boolean whole = offset == 0 && length == size;
        if (file == null || offset < 0 || length <= 0 || offset + length > size) {
            return null;
        }
        ChunkedRange checked = chunkCrcsFor(sha256, offset, length);
        if (checked == null && !whole) {
            return null;
        }
        Timer.Sample sample = Timer.start(meters);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (whole && channel.size() != size) {
                return null;
            }
            ByteBuffer buffer = ByteBuffer.allocateDirect(CHECK_BUFFER_SIZE);
            if (checked == null) {
                return crcOf(channel, 0, size, buffer) == crc32c ? file : null;
            }
            ChunkCrcs crcs = checked.crcs();
            long chunkSize = crcs.chunkSize();
            for (int index = 0; index < crcs.count(); index++) {
                long chunkStart = (checked.firstChunk() + index) * chunkSize;
                long chunkLength = Math.min(chunkSize, checked.size() - chunkStart);
                if (crcOf(channel, chunkStart, chunkLength, buffer) != crcs.crcOf(index)) {
                    return null;
                }
            }
            return file;
        } catch (NoSuchFileException e) {
            return null;
        } finally {
            sample.stop(timer("check"));
        }
    }

    /** The CRC32C of {@code length} bytes of the channel from {@code offset} on; -1 when it ends before them. */
    private static long crcOf(FileChannel channel, long offset, long length, ByteBuffer buffer) throws IOException {
        CRC32C crc = new CRC32C();
        long position = offset;
        long end = offset + length;
        while (position < end) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), end - position));
            int n = channel.read(buffer, position);
            if (n < 0) {
                return -1;
            }
            crc.update(buffer.flip());
            position += n;
        }
        return crc.getValue();
    }

    /** The blob's recorded size and the CRCs of the chunks a range touches; null when they cannot check it. */
    private ChunkedRange chunkCrcsFor(String sha256, long offset, long length) {
        return jdbc.sql("""
                        SELECT size, chunk_size,
                               substring(chunk_crc32c FROM 4 * (:offset / chunk_size)::integer + 1
                                         FOR 4 * ((:end - 1) / chunk_size - :offset / chunk_size + 1)::integer)
                                   AS crcs
                        FROM blobs WHERE sha256 = :sha256 AND chunk_size IS NOT NULL
                        """)
                .param("sha256", sha256)
                .param("offset", offset)
                .param("end", offset + length)
                .query((rs, row) -> {
                    int chunkSize = rs.getInt("chunk_size");
                    return new ChunkedRange(
                            rs.getLong("size"),
                            new ChunkCrcs(chunkSize, rs.getBytes("crcs")),
                            Math.toIntExact(offset / chunkSize));
                })
                .optional()
                .orElse(null);
    }

    private record ChunkedRange(long size, ChunkCrcs crcs, int firstChunk) {}

    private static long ceilToChunk(long position, int chunkSize) {
        return (position + chunkSize - 1) / chunkSize * chunkSize;
    }

    /** Bytes still free in the store. */
    public long usableSpace() throws IOException {
        return store.usableSpace();
    }

    private InputStream open(String sha256, long offset, long length) throws IOException {
        Timer.Sample sample = Timer.start(meters);
        try {
            return store.open(sha256, offset, length);
        } finally {
            sample.stop(timer("open"));
        }
    }

    /** Takes a damaged blob out of service: moved aside in the store, marked in its row; never served again. */
    void quarantine(String sha256) {
        integrityFailures.increment();
        log.error("blob {} failed its CRC32C check on read; quarantining it", sha256);
        moveAside(sha256);
    }

    /** Moves a damaged blob's bytes aside in the store and marks its row; what {@link #quarantine} does once counted. */
    void moveAside(String sha256) {
        try {
            store.quarantine(sha256);
        } catch (IOException e) {
            log.error("could not move damaged blob {} aside", sha256, e);
        }
        jdbc.sql("UPDATE blobs SET quarantined_at = now() WHERE sha256 = :sha256")
                .param("sha256", sha256)
                .update();
        events.publishEvent(new BlobQuarantined(sha256));
    }

    /** Takes the digest's lock until the caller's transaction ends, as publishing does. */
    void lock(String sha256) {
        jdbc.sql("SELECT pg_advisory_xact_lock(:class, :key)")
                .param("class", LOCK_CLASS)
                .param("key", lockKey(sha256))
                .query(rs -> {});
    }

    static int lockKey(String sha256) {
        return Integer.parseUnsignedInt(sha256.substring(0, 8), 16);
    }

    Timer timer(String operation) {
        return timers.computeIfAbsent(
                operation,
                op -> Timer.builder("filesys.blobstore.latency")
                        .description("Time taken by blob-store operations (stage includes the client's transfer)")
                        .tag("operation", op)
                        .register(meters));
    }
}
