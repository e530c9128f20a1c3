/** The one-command local system: embedded PostgreSQL, the balancer and two file-services in one JVM on localhost. */
@org.jspecify.annotations.NullMarked
package dev.filesys.local;
