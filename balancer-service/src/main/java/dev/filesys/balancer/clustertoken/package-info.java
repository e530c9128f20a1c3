/** The cluster token: the shared secret that guards internal endpoints and that the balancer shows file-services. */
package dev.filesys.balancer.clustertoken;
