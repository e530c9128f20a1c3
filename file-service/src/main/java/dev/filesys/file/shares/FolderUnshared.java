package dev.filesys.file.shares;

import java.util.UUID;

/**
 * An owner revoked an unexpired folder share. Published as an application event inside the revoking transaction.
 *
 * @param folderName the folder's name, which the recipient could see until now
 * @param ownerName the owner's username
 * @param recipientName the former recipient's username
 */
public record FolderUnshared(
        UUID folderId, String folderName, UUID ownerId, String ownerName, UUID recipientId, String recipientName) {}
