/** Auth-code signing: the balancer's Ed25519 keys, the signer, and the public JWKS file-services verify codes with. */
package dev.filesys.balancer.authcodes;
