/** Asking file-services whether they take a client: the availability probe and the background checker. */
package dev.filesys.balancer.polling;
