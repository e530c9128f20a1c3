/** What the balancer, the file-services and the CLI share: auth-code claims and their verification, wire DTOs. */
@org.jspecify.annotations.NullMarked
package dev.filesys.protocol;
