/** Asking file-services whether they take a client: the availability probe and the background checker. */
@org.jspecify.annotations.NullMarked
package dev.filesys.balancer.polling;
