package dev.filesys.protocol.authcode;

import com.nimbusds.jose.jwk.OctetKeyPair;
import java.util.Optional;

/** Where a verifier finds the balancer's public keys by key id. */
@FunctionalInterface
public interface AuthCodeKeys {

    /**
     * @param keyId the {@code kid} of a code's header
     * @return the public key with that id, or empty when none is known (after any refetch the source allows)
     */
    Optional<OctetKeyPair> find(String keyId);
}
