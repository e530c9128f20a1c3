package dev.filesys.file.files;

import java.util.List;
import java.util.UUID;

/**
 * A file or folder was renamed or moved. Published as an application event inside the transaction that did it.
 *
 * @param kind {@code file} or {@code folder}
 * @param name its name now
 * @param folderId the folder that holds it now
 * @param oldName its name before
 * @param oldFolderId the folder that held it before
 * @param audience who hears of it: the owner, and whoever could read it before or can read it now
 */
public record ItemMoved(
        String kind,
        UUID id,
        String name,
        UUID folderId,
        String oldName,
        UUID oldFolderId,
        UUID ownerId,
        List<UUID> audience) {}
