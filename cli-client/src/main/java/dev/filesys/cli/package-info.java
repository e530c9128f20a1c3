/**
 * The filesys CLI's entry points: {@link dev.filesys.cli.Cli#run} for one command (scripts, tests, the launcher with
 * arguments) and the interactive Spring Shell ({@link dev.filesys.cli.InteractiveShell}) on the same commands.
 */
@org.jspecify.annotations.NullMarked
package dev.filesys.cli;
