/** Finding file-services by resolving a DNS name (a Kubernetes headless Service), for several balancer replicas. */
@org.jspecify.annotations.NullMarked
package dev.filesys.balancer.discovery;
