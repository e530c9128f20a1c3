package dev.filesys.file.shares;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;

/**
 * A folder share as the API shows it.
 *
 * @param created whether the grant created it (not shown: the status says so)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record FolderShareView(
        UUID folderId,
        String username,
        String permission,
        Instant expiresAt,
        Instant createdAt,
        @JsonIgnore boolean created) {}
