/** The one-command local system: embedded PostgreSQL, the balancer and two file-services in one JVM on localhost. */
package dev.filesys.local;
