/**
 * The CLI's commands (picocli {@code @Command} methods), how a shell line becomes their arguments, and how any failure
 * becomes one line and an exit code.
 */
@org.jspecify.annotations.NullMarked
package dev.filesys.cli.commands;
