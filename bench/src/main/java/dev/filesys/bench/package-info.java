/** The benchmark harness: real services as separate JVMs, nginx as the peer, the machine's limits, one report. */
package dev.filesys.bench;
