package dev.filesys.cli.client;

import java.time.Instant;

/** One download through a public link: when, which file, to which client address, how many bytes. */
public record LinkDownload(
        long id, Instant downloadedAt, String fileId, String fileName, String clientAddress, long bytes) {}
