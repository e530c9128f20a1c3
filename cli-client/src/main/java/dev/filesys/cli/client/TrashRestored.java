package dev.filesys.cli.client;

/**
 * What a restore from the trash brought back.
 *
 * @param kind {@code file} or {@code folder}
 * @param fileId the file's id, for a file
 * @param folderId the folder's id, for a folder (for a file: the folder it is in)
 */
public record TrashRestored(String kind, String fileId, String folderId, String name) {

    public TrashRestored {
        kind = kind == null ? "file" : kind;
    }
}
