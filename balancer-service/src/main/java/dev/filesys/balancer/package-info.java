/** The balancer: hands clients an available file-service and a signed auth code for it. */
package dev.filesys.balancer;
