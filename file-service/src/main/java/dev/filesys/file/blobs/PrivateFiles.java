package dev.filesys.file.blobs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files and directories of users' bytes (blobs, staging, upload chunks), readable by the service's own user only:
 * files 0600, directories 0700, whatever the process's umask. On a file system without POSIX permissions they are
 * created as the platform makes them.
 */
public final class PrivateFiles {

    private static final boolean POSIX =
            FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final FileAttribute<?>[] FILE = POSIX
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
            }
            : new FileAttribute<?>[0];
    private static final FileAttribute<?>[] DIRECTORY = POSIX
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))
            }
            : new FileAttribute<?>[0];

    private PrivateFiles() {}

    /** Creates {@code dir} and its missing parents as 0700; existing ones are left as they are. */
    public static Path createDirectories(Path dir) throws IOException {
        return Files.createDirectories(dir, DIRECTORY);
    }

    /** Opens a new file (the options include {@code CREATE_NEW}) as 0600. */
    public static FileChannel create(Path file, Set<? extends OpenOption> options) throws IOException {
        return FileChannel.open(file, options, FILE);
    }

    /** Writes all {@code length} bytes of {@code buffer} from {@code offset} on to the channel. */
    public static void write(FileChannel channel, byte[] buffer, int offset, int length) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(buffer, offset, length);
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }
}
