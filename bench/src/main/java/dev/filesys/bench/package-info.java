/** The benchmark harness: real services as separate JVMs, nginx as the peer, the machine's limits, one report. */
@org.jspecify.annotations.NullMarked
package dev.filesys.bench;
