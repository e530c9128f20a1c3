package dev.filesys.file.trash;

import java.time.Instant;
import java.util.UUID;

/** A folder restored from the trash: where it is now. */
record RestoredFolderView(
        String kind, UUID folderId, String name, UUID parentId, long version, Instant createdAt, Instant updatedAt) {}
