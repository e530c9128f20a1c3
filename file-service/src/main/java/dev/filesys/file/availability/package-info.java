/** Whether this instance takes new clients: the balancer's availability probe, readiness, draining. */
package dev.filesys.file.availability;
