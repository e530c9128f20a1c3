/** Auth-code signing: the balancer's Ed25519 keys, the signer, and the public JWKS file-services verify codes with. */
@org.jspecify.annotations.NullMarked
package dev.filesys.balancer.authcodes;
