/**
 * The trash: what a user deleted (files, and folders with everything in them), listed, restored, purged one by one or
 * all at once, and purged by itself after {@code filesys.trash.retention}.
 */
@org.jspecify.annotations.NullMarked
package dev.filesys.file.trash;
