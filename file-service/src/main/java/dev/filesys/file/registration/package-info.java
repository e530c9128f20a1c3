/** Self-registration with the balancer: a heartbeat while running; drain and deregister on graceful shutdown. */
@org.jspecify.annotations.NullMarked
package dev.filesys.file.registration;
