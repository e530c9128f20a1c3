/** The balancer: hands clients an available file-service and a signed auth code for it. */
@org.jspecify.annotations.NullMarked
package dev.filesys.balancer;
