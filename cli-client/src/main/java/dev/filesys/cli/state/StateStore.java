package dev.filesys.cli.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes the state file. Writes go to a temporary file created with owner-only permissions (0600) in the
 * same directory and are renamed over the old file, so the token is never readable by others and a crash never leaves
 * half a file.
 */
public final class StateStore {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private final Path file;
    private final JsonMapper json = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    public StateStore(Path file) {
        this.file = file.toAbsolutePath();
    }

    public Path file() {
        return file;
    }

    /** The stored state, or an empty one when there is no file yet. */
    public CliState load() {
        if (!Files.exists(file)) {
            return CliState.empty();
        }
        try {
            return json.readValue(Files.readAllBytes(file), CliState.class);
        } catch (IOException e) {
            throw new StateFileUnusable(file, e.getMessage());
        } catch (JacksonException e) {
            throw new StateFileUnusable(file, "it is not valid JSON (" + e.getOriginalMessage() + ")");
        }
    }

    public void save(CliState state) {
        try {
            Path directory = file.getParent();
            if (!Files.isDirectory(directory)) {
                Files.createDirectories(directory, attributes(OWNER_ONLY_DIRECTORY));
            }
            Path temporary = Files.createTempFile(directory, ".state-", ".tmp", attributes(OWNER_ONLY));
            try {
                Files.write(temporary, json.writeValueAsBytes(state));
                move(temporary);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new StateFileUnusable(file, e.getMessage());
        }
    }

    private void move(Path temporary) throws IOException {
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static FileAttribute<?>[] attributes(Set<PosixFilePermission> permissions) {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)};
        }
        return new FileAttribute<?>[0];
    }

    /** The state file cannot be read or written. */
    public static final class StateFileUnusable extends UncheckedIOException {

        public StateFileUnusable(Path file, String reason) {
            super("cannot use the state file " + file + ": " + reason, new IOException(reason));
        }
    }
}
