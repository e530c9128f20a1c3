package dev.filesys.file.trash;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /api/v1/trash/{id}/restore}'s optional body.
 *
 * @param folderId the folder to restore into, instead of the one it was in
 * @param name the name to restore it under, instead of the one it had
 */
record RestoreRequest(@Nullable UUID folderId, @Nullable String name) {

    static final RestoreRequest AS_IT_WAS = new RestoreRequest(null, null);
}
