/** Transfer progress: a bar with rate and ETA on a terminal, plain lines for logs and scripts. */
@org.jspecify.annotations.NullMarked
package dev.filesys.cli.progress;
