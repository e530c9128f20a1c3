package dev.filesys.file.uploads;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A row of {@code uploads}. {@code completedAt} and {@code fileId} are set once the upload became a file;
 * {@code folderId} is the folder it goes into (null: the owner's root folder); {@code ifMatch} the {@code If-Match} its
 * creation carried (null: none), which the completion checks against the file it replaces.
 */
record UploadRecord(
        UUID id,
        UUID ownerId,
        String name,
        String contentType,
        boolean overwrite,
        long length,
        long offset,
        long generation,
        Instant expiresAt,
        @Nullable Instant completedAt,
        @Nullable UUID fileId,
        @Nullable UUID folderId,
        @Nullable String ifMatch) {

    boolean completed() {
        return completedAt != null;
    }

    boolean expiredAt(Instant now) {
        return !completed() && !expiresAt.isAfter(now);
    }
}
