package dev.filesys.file.files;

import java.util.List;
import java.util.UUID;

/**
 * The owner deleted a file. Published as an application event inside the deleting transaction, so a listener runs in
 * it (and a failing listener rolls the deletion back).
 *
 * @param fileName the file's name
 * @param ownerName the owner's username
 * @param sharedWith the users it was shared with (unexpired shares) when it was deleted
 */
public record FileDeleted(UUID fileId, String fileName, UUID ownerId, String ownerName, List<UUID> sharedWith) {}
