/** Web plumbing shared by the balancer and the file-services: errors as problem+json with a stable code, request ids. */
package dev.filesys.support;
