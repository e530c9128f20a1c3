/** Self-registration with the balancer: a heartbeat while running; drain and deregister on graceful shutdown. */
package dev.filesys.file.registration;
