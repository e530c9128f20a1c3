/** The file-services the balancer knows (from configuration, self-registration and DNS discovery) and their health. */
@org.jspecify.annotations.NullMarked
package dev.filesys.balancer.registry;
