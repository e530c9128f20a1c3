/**
 * Auth codes: the short-lived Ed25519 JWS the balancer signs for one file-service, and their verification against the
 * balancer's published JWKS.
 */
@org.jspecify.annotations.NullMarked
package dev.filesys.protocol.authcode;
