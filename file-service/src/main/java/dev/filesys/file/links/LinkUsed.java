package dev.filesys.file.links;

import java.util.UUID;

/**
 * A download through a link was counted. Published as an application event inside the counting transaction.
 *
 * @param downloads the link's count with this download
 * @param bytes the length of the content being sent
 */
public record LinkUsed(
        UUID linkId,
        UUID ownerId,
        String label,
        UUID fileId,
        String fileName,
        long bytes,
        int downloads,
        String clientAddress) {}
