/** Whether this instance takes new clients: the balancer's availability probe, readiness, draining. */
@org.jspecify.annotations.NullMarked
package dev.filesys.file.availability;
