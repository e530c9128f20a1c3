/**
 * The file-service application: its settings ({@link dev.filesys.file.FileServiceProperties}), the web limits and
 * cross-origin rules every controller shares, fail points for the fault tests, and the API description. Each feature
 * lives in a sub-package of its own.
 */
@org.jspecify.annotations.NullMarked
package dev.filesys.file;
