package dev.filesys.cli.client;

import java.nio.file.Path;

/**
 * A finished, verified download.
 *
 * @param file the file's metadata
 * @param path where its bytes now are
 * @param resumedFrom the byte offset a partial earlier download was continued from (0 if none)
 */
public record Downloaded(FileView file, Path path, long resumedFrom) {}
