package dev.filesys.file.files;

import java.time.Instant;

/**
 * A download link, as {@code POST /api/v1/files/{fileId}/download-links} answers it.
 *
 * @param url the link on this instance's address as the request reached it
 * @param path the same link relative to the server's base URL (the one the balancer gave the client), for clients
 *     behind a proxy that rewrites paths
 * @param expiresAt when the link stops working
 */
record DownloadLinkView(String url, String path, Instant expiresAt) {}
