package dev.filesys.balancer.authcodes;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The balancer's auth-code keys: a JWK Set of Ed25519 {@code OctetKeyPair}s, each with a {@code kid}. The <b>first</b>
 * key signs and must have its private part; the others are only published, so codes they signed keep verifying until
 * they expire. That is rotation: put a new key first, keep the old one after it (its public part is enough) for at
 * least one auth-code lifetime, then drop it.
 *
 * <p>{@code main} prints a fresh key set, or with the path of a current set, the rotated one (see
 * {@code docs/balancer.md}).
 */
public final class SigningKeys {

    private final List<OctetKeyPair> keys;

    private SigningKeys(List<OctetKeyPair> keys) {
        this.keys = List.copyOf(keys);
    }

    /**
     * Reads a JWK Set and checks it: every key an Ed25519 {@code OctetKeyPair} with a unique {@code kid}, the first
     * with its private part. Messages never quote key material.
     *
     * @throws IllegalArgumentException what is wrong with the set
     */
    public static SigningKeys parse(String jwkSetJson) {
        JWKSet set;
        try {
            set = JWKSet.parse(jwkSetJson);
        } catch (ParseException e) {
            throw new IllegalArgumentException("the signing keys are not a JWK Set ({\"keys\": [...]}) in JSON");
        }
        if (set.getKeys().isEmpty()) {
            throw new IllegalArgumentException("the signing key set has no keys");
        }
        List<OctetKeyPair> keys = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (JWK key : set.getKeys()) {
            if (!(key instanceof OctetKeyPair pair) || !Curve.Ed25519.equals(pair.getCurve())) {
                throw new IllegalArgumentException(
                        "signing key " + describe(key) + " is not an Ed25519 key (kty OKP, crv Ed25519)");
            }
            if (pair.getKeyID() == null || pair.getKeyID().isBlank()) {
                throw new IllegalArgumentException("every signing key needs a kid");
            }
            if (!ids.add(pair.getKeyID())) {
                throw new IllegalArgumentException("signing key kid '" + pair.getKeyID() + "' appears twice");
            }
            keys.add(pair);
        }
        if (!keys.getFirst().isPrivate()) {
            throw new IllegalArgumentException("the first signing key (kid '"
                    + keys.getFirst().getKeyID() + "') signs, so it needs its private part 'd'");
        }
        return new SigningKeys(keys);
    }

    /** Reads a JWK Set from a file (a mounted secret). */
    public static SigningKeys read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the signing key file " + file + ": " + e);
        }
    }

    /** A set of one freshly generated key. */
    public static SigningKeys generated() {
        return new SigningKeys(List.of(generate()));
    }

    /** A new Ed25519 key pair whose {@code kid} is its RFC 7638 thumbprint. */
    public static OctetKeyPair generate() {
        try {
            return new OctetKeyPairGenerator(Curve.Ed25519)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.EdDSA)
                    .keyIDFromThumbprint(true)
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate an Ed25519 key", e);
        }
    }

    /**
     * The rotated set: a new key first (it signs from now on), then the current keys with their private parts
     * dropped, so they verify but can never sign again.
     */
    public SigningKeys rotate() {
        return new SigningKeys(
                Stream.concat(Stream.of(generate()), keys.stream().map(OctetKeyPair::toPublicJWK))
                        .toList());
    }

    /** The key that signs new codes. */
    public OctetKeyPair active() {
        return keys.getFirst();
    }

    /** Every key's {@code kid}, the signing one first. */
    public List<String> keyIds() {
        return keys.stream().map(OctetKeyPair::getKeyID).toList();
    }

    /** The public parts of every key: what {@code /.well-known/jwks.json} publishes. */
    public JWKSet publicJwks() {
        return new JWKSet(new ArrayList<JWK>(keys)).toPublicJWKSet();
    }

    /** The whole set, private parts included, as JSON: for writing a key file, never for publishing. */
    public String toPrivateJson() {
        return new JWKSet(new ArrayList<JWK>(keys)).toString(false);
    }

    @Override
    public String toString() {
        return "SigningKeys" + keyIds();
    }

    /**
     * Prints a new JWK Set holding one fresh key; given the path of a current set, prints it rotated (a new signing
     * key first, the current keys after it as public keys).
     */
    public static void main(String[] args) {
        SigningKeys keys =
                args.length == 0 ? generated() : read(Path.of(args[0])).rotate();
        System.out.println(keys.toPrivateJson());
    }

    private static String describe(JWK key) {
        return key.getKeyID() == null ? "without kid" : "'" + key.getKeyID() + "'";
    }
}
