package dev.filesys.file.files;

import java.util.List;
import java.util.UUID;

/**
 * A file or folder came back from the trash, with everything that went with it. Published inside the restoring
 * transaction.
 *
 * @param kind {@code file} or {@code folder}
 * @param folderId the folder it is in now
 * @param sharedWith the users who can read it again (direct shares and shares of a folder above it)
 */
public record ItemRestored(
        String kind, UUID id, String name, UUID folderId, UUID ownerId, String ownerName, List<UUID> sharedWith) {}
