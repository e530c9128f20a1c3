/** Transfer progress: a bar with rate and ETA on a terminal, plain lines for logs and scripts. */
package dev.filesys.cli.progress;
