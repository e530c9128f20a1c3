/**
 * Auth codes: the short-lived Ed25519 JWS the balancer signs for one file-service, and their verification against the
 * balancer's published JWKS.
 */
package dev.filesys.protocol.authcode;
