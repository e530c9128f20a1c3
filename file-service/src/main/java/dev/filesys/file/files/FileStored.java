package dev.filesys.file.files;

import java.util.List;
import java.util.UUID;

/**
 * An upload (simple or resumable) stored a file: a new one, or new content for an existing one. Published as an
 * application event inside the storing transaction, so a listener runs in it.
 *
 * @param created whether the file is new (rather than an overwrite)
 * @param fileName the file's name
 * @param ownerName the owner's username
 * @param size the new content's size in bytes
 * @param audience who can read the file now: the owner first, then its sharees and those of every folder above it
 */
public record FileStored(
        boolean created,
        UUID fileId,
        String fileName,
        UUID ownerId,
        String ownerName,
        long size,
        String contentType,
        List<UUID> audience) {}
