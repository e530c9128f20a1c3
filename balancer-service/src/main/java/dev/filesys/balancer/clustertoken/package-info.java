/** The cluster token: the shared secret that guards internal endpoints and that the balancer shows file-services. */
@org.jspecify.annotations.NullMarked
package dev.filesys.balancer.clustertoken;
