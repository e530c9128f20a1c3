/** Web plumbing shared by the balancer and the file-services: errors as problem+json with a stable code, request ids. */
@org.jspecify.annotations.NullMarked
package dev.filesys.support;
