/**
 * The HTTP side of the CLI: the balancer assignment, the session handshake and fail-over, accounts, files, tus uploads
 * and resumable downloads, with every error turned into one of a few named exceptions.
 */
@org.jspecify.annotations.NullMarked
package dev.filesys.cli.client;
