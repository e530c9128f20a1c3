package dev.filesys.file.shares;

import java.util.UUID;

/**
 * An owner revoked an unexpired share. Published as an application event inside the revoking transaction.
 *
 * @param fileName the file's name, which the recipient could see until now
 * @param ownerName the owner's username
 * @param recipientName the former recipient's username
 */
public record FileUnshared(
        UUID fileId, String fileName, UUID ownerId, String ownerName, UUID recipientId, String recipientName) {}
