/** Files: names, simple uploads, downloads with ranges and integrity checks, listing, deletion and per-user quota. */
package dev.filesys.file.files;
