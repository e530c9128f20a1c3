/** The CLI's per-user state file: the session, the cached user and the uploads that can be resumed. */
@org.jspecify.annotations.NullMarked
package dev.filesys.cli.state;
