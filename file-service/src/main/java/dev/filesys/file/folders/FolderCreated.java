package dev.filesys.file.folders;

import java.util.List;
import java.util.UUID;

/**
 * A folder was created. Published as an application event inside the transaction that created it.
 *
 * @param parentId the folder that holds it
 * @param audience who hears of it: the owner, and the users a share of a folder above it reaches
 */
public record FolderCreated(UUID folderId, String name, UUID parentId, UUID ownerId, List<UUID> audience) {}
