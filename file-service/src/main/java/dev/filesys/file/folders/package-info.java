/**
 * Folders: each user's tree of folders (create, look up by id or path, list a folder's children, rename, move, delete
 * to the trash), with ETags on every change.
 */
@org.jspecify.annotations.NullMarked
package dev.filesys.file.folders;
