package dev.filesys.file.shares;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;

/** A share as the API shows it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ShareView(UUID fileId, String username, String permission, Instant expiresAt, Instant createdAt) {}
