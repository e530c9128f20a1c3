package dev.filesys.file.shares;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An owner shared a folder (and all it holds), or changed an existing folder share. Published as an application event
 * inside the sharing transaction, so a listener runs in it (and a failing listener rolls the share back).
 *
 * @param folderName the folder's name, which the recipient may now see
 * @param ownerName the owner's username
 * @param recipientName the recipient's username
 * @param expiresAt when the share ends; null for never
 * @param created whether the share is new (false: an existing share's permission or expiry was updated)
 */
public record FolderShared(
        UUID folderId,
        String folderName,
        UUID ownerId,
        String ownerName,
        UUID recipientId,
        String recipientName,
        String permission,
        @Nullable Instant expiresAt,
        boolean created) {}
