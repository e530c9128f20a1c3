/** The file-services the balancer knows (from configuration, self-registration and DNS discovery) and their health. */
package dev.filesys.balancer.registry;
