package dev.filesys.file.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/** What a file-service has stored, on disk and in the database, for tests that check nothing was left behind. */
public final class StorageInspector {

    private final Path root;
    private final JdbcTemplate jdbc;

    public StorageInspector(Path root, DataSource dataSource) {
        this.root = root.toAbsolutePath().normalize();
        this.jdbc = new JdbcTemplate(dataSource);
    }

    public Path root() {
        return root;
    }

    /** Empties the storage root (the service recreates its directories on use). */
    public void clear() {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                if (!path.equals(root)
                        && !path.equals(root.resolve("tmp"))
                        && !path.equals(root.resolve("uploads"))
                        && !path.equals(root.resolve("quarantine"))) {
                    Files.deleteIfExists(path);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Files under {@code root/<dir>}, recursively. */
    public List<Path> filesUnder(String dir) {
        Path start = root.resolve(dir);
        if (!Files.exists(start)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.walk(start)) {
            return paths.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stored blob files: {@code root/ab/cd/<sha256>}. */
    public List<Path> blobFiles() {
        try (Stream<Path> paths = Files.walk(root, 3)) {
            return paths.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().matches("[0-9a-f]{64}"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path blobPath(String sha256) {
        return root.resolve(sha256.substring(0, 2))
                .resolve(sha256.substring(2, 4))
                .resolve(sha256);
    }

    public long rows(String table) {
        return jdbc.queryForObject("select count(*) from " + table, Long.class);
    }

    /** The bytes a user is charged for, 0 when they never stored anything. */
    public long usedBytes(java.util.UUID userId) {
        return jdbc.queryForList("select used_bytes from storage_usage where user_id = ?", Long.class, userId).stream()
                .findFirst()
                .orElse(0L);
    }

    /**
     * What a user's usage should be: their files' sizes (in the trash too) and their versions' sizes, plus the
     * declared lengths of their unfinished uploads.
     */
    public long expectedUsedBytes(java.util.UUID userId) {
        return jdbc.queryForObject("""
                select coalesce((select sum(b.size) from files f join blobs b on b.sha256 = f.blob_sha256
                                 where f.owner_id = ?), 0)
                     + coalesce((select sum(b.size) from file_versions v join files f on f.id = v.file_id
                                 join blobs b on b.sha256 = v.blob_sha256 where f.owner_id = ?), 0)
                     + coalesce((select sum(length) from uploads where owner_id = ? and completed_at is null), 0)
                """, Long.class, userId, userId, userId);
    }

    /** The files a user is counted for, 0 when they never stored anything. */
    public long fileCount(java.util.UUID userId) {
        return jdbc.queryForList("select file_count from storage_usage where user_id = ?", Long.class, userId).stream()
                .findFirst()
                .orElse(0L);
    }

    /** What a user's file count should be: their files plus their unfinished uploads. */
    public long expectedFileCount(java.util.UUID userId) {
        return jdbc.queryForObject("""
                select (select count(*) from files where owner_id = ?)
                     + (select count(*) from uploads where owner_id = ? and completed_at is null)
                """, Long.class, userId, userId);
    }

    public JdbcTemplate jdbc() {
        return jdbc;
    }
}
