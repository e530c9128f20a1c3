/** The public endpoint: {@code POST /api/v1/assignments} picks an available file-service round-robin and signs a code. */
@org.jspecify.annotations.NullMarked
package dev.filesys.balancer.assignments;
