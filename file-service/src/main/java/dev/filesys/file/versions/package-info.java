/**
 * Versions: a file's earlier contents, kept by every overwrite; listing, downloading and restoring them, and removing
 * those past the deployment's retention.
 */
@org.jspecify.annotations.NullMarked
package dev.filesys.file.versions;
