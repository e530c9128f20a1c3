/** The file-services the balancer knows (from configuration and self-registration) and each one's health state. */
package dev.filesys.balancer.registry;
