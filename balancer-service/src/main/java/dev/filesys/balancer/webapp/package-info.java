/** The web app: its page and modules at {@code /}, with the security headers a browser enforces. */
@org.jspecify.annotations.NullMarked
package dev.filesys.balancer.webapp;
