/** Measurements against the packaged service in its own JVM, run with {@code -Pbig} only. */
package dev.filesys.file.bench;
