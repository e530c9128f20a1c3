/**
 * Who can read a file or a folder, so that an event about it reaches them: its owner, its sharees and the sharees of
 * every folder above it. A leaf package: the features that change items ask it, before or after the change.
 */
@org.jspecify.annotations.NullMarked
package dev.filesys.file.audience;
