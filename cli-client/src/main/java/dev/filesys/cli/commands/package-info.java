/**
 * The CLI's commands (Spring Shell {@code @Command} methods), how a command line becomes one, and how any failure
 * becomes one line and an exit code.
 */
package dev.filesys.cli.commands;
