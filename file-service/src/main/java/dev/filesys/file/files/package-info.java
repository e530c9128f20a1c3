/** Files: names, simple uploads, downloads with ranges and integrity checks, listing, deletion and per-user quota. */
@org.jspecify.annotations.NullMarked
package dev.filesys.file.files;
