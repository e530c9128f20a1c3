package dev.filesys.multihost;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * The PostgreSQL server binaries the project's embedded PostgreSQL ships (from Maven Central), unpacked to a directory
 * so they can run as a process of their own on the database host, rather than inside the test's JVM and network.
 */
final class PostgresBinaries {

    private PostgresBinaries() {}

    /** Unpacks the binaries for this machine into {@code target} ({@code bin/}, {@code lib/}, {@code share/}). */
    static Path unpack(Path target) {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String zonkyArch = arch.equals("aarch64") || arch.equals("arm64") ? "arm_64" : "x86_64";
        try (InputStream txz = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary("Linux", zonkyArch);
                TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(txz))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                Path path = target.resolve(entry.getName()).normalize();
                if (!path.startsWith(target)) {
                    throw new IOException("archive entry outside the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(path.getParent());
                    Files.deleteIfExists(path);
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else {
                    Files.createDirectories(path.getParent());
                    Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
                    boolean executable = (entry.getMode() & 0100) != 0;
                    Files.setPosixFilePermissions(
                            path, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the PostgreSQL binaries", e);
        }
    }
}
