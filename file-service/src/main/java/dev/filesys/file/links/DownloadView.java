package dev.filesys.file.links;

import java.time.Instant;
import java.util.UUID;

/**
 * One download through a link, as its owner reads it.
 *
 * @param id its number, for paging ({@code ?before=})
 * @param bytes the length of the content sent (of the range, for a range request)
 */
record DownloadView(long id, Instant downloadedAt, UUID fileId, String fileName, String clientAddress, long bytes) {}
