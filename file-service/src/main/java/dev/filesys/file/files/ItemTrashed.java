package dev.filesys.file.files;

import java.util.List;
import java.util.UUID;

/**
 * A file or folder went to its owner's trash, with everything under it. Published inside the trashing transaction.
 *
 * @param kind {@code file} or {@code folder}
 * @param folderId the folder it was in
 * @param sharedWith the users who could read it just before (direct shares and shares of a folder above it)
 */
public record ItemTrashed(
        String kind, UUID id, String name, UUID folderId, UUID ownerId, String ownerName, List<UUID> sharedWith) {}
