package dev.filesys.protocol.authcode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.filesys.protocol.authcode.InvalidAuthCode.Reason;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Codes signed by {@link AuthCodeSigner} and verified by {@link AuthCodeVerifier} against keys fetched over real HTTP by
 * {@link RemoteJwks}: what is accepted, and every way a code is refused.
 */
class AuthCodeVerificationTest {

    private static final String SERVER = "fs-1";
    private static final String ISSUER = "filesys-balancer";
    private static final Duration LIFETIME = Duration.ofSeconds(30);
    private static final Duration SKEW = Duration.ofSeconds(5);
    private static final Duration MIN_REFETCH = Duration.ofSeconds(30);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T10:00:00Z"));
    private JwksServer jwks;
    private HttpClient http;
    private OctetKeyPair key;
    private AuthCodeVerifier verifier;

    @BeforeEach
    void publishAKey() throws Exception {
        jwks = new JwksServer();
        http = HttpClient.newHttpClient();
        key = ed25519("key-1");
        jwks.publish(List.of(key));
        verifier = new AuthCodeVerifier(
                new RemoteJwks(jwks.uri(), http, Duration.ofSeconds(2), MIN_REFETCH, clock), SERVER, SKEW, clock);
    }

    @AfterEach
    void stop() {
        http.close();
        jwks.close();
    }

    @Test
    void aFreshCodeVerifiesWithThePublishedKeys() throws Exception {
        AuthCodeSigner.SignedAuthCode signed = signer(key).sign(SERVER);

        AuthCode code = verifier.verify(signed.code());

        assertThat(code.serverId()).isEqualTo(SERVER);
        assertThat(code.issuer()).isEqualTo(ISSUER);
        assertThat(code.issuedAt()).isEqualTo(clock.instant());
        assertThat(code.expiresAt()).isEqualTo(clock.instant().plus(LIFETIME)).isEqualTo(signed.expiresAt());
        assertThat(B64D.decode(code.id())).hasSize(16);
        assertThat(jwks.fetches()).isEqualTo(1);
    }

    @Test
    void theHeaderNamesEdDsaAndTheKey() throws Exception {
        SignedJWT jwt = SignedJWT.parse(signer(key).sign(SERVER).code());

        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.EdDSA);
        assertThat(jwt.getHeader().getKeyID()).isEqualTo("key-1");
        assertThat(jwt.getHeader().getType()).isEqualTo(JOSEObjectType.JWT);
    }

    @Test
    void everyCodeHasItsOwnId() throws Exception {
        AuthCodeSigner signer = signer(key);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            ids.add(verifier.verify(signer.sign(SERVER).code()).id());
        }
        assertThat(ids).hasSize(200);
    }

    @Test
    void aCodeForAnotherServerIsRefused() {
        String code = signer(key).sign("fs-2").code();

        assertRefused(code, Reason.WRONG_AUDIENCE);
    }

    @Test
    void anExpiredCodeIsRefusedOnceTheSkewHasPassed() throws Exception {
        String code = signer(key).sign(SERVER).code();

        clock.advance(LIFETIME.plus(SKEW).minusSeconds(1));
        assertThat(verifier.verify(code).serverId()).isEqualTo(SERVER);

        clock.advance(Duration.ofSeconds(1));
        assertRefused(code, Reason.EXPIRED);
    }

    @Test
    void aCodeIssuedInTheFutureBeyondTheSkewIsRefused() throws Exception {
        MutableClock ahead = new MutableClock(clock.instant().plus(SKEW).plusSeconds(1));
        String code =
                new AuthCodeSigner(key, ISSUER, LIFETIME, ahead).sign(SERVER).code();

        assertRefused(code, Reason.NOT_YET_VALID);

        MutableClock slightlyAhead = new MutableClock(clock.instant().plus(SKEW).minusSeconds(1));
        String tolerated = new AuthCodeSigner(key, ISSUER, LIFETIME, slightlyAhead)
                .sign(SERVER)
                .code();
        assertThat(verifier.verify(tolerated).serverId()).isEqualTo(SERVER);
    }

    @Test
    void aTamperedPayloadIsRefused() {
        String[] parts = signer(key).sign(SERVER).code().split("\\.");
        String payload = new String(B64D.decode(parts[1]), StandardCharsets.UTF_8);
        long exp = clock.instant().plus(LIFETIME).getEpochSecond();
        String longer = payload.replace("\"exp\":" + exp, "\"exp\":" + (exp + 86_400));
        assertThat(longer).isNotEqualTo(payload);

        String tampered = parts[0] + "." + B64.encodeToString(longer.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];

        assertRefused(tampered, Reason.BAD_SIGNATURE);
    }

    @Test
    void aTamperedSignatureIsRefused() {
        String[] parts = signer(key).sign(SERVER).code().split("\\.");
        byte[] signature = B64D.decode(parts[2]);
        signature[10] ^= 0x01;

        String tampered = parts[0] + "." + parts[1] + "." + B64.encodeToString(signature);

        assertRefused(tampered, Reason.BAD_SIGNATURE);
    }

    @Test
    void anUnsignedCodeIsRefused() {
        String[] parts = signer(key).sign(SERVER).code().split("\\.");
        String none = B64.encodeToString("{\"alg\":\"none\",\"kid\":\"key-1\"}".getBytes(StandardCharsets.UTF_8));

        assertRefused(none + "." + parts[1] + ".", Reason.MALFORMED);
        assertRefused(none + "." + parts[1] + "." + parts[2], Reason.MALFORMED);
        assertThat(jwks.fetches()).isZero();
    }

    @Test
    void anHmacCodeKeyedWithThePublicKeyIsRefused() throws Exception {
        byte[] publicKeyBytes = key.getDecodedX();
        SignedJWT forged = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("key-1").build(), claimsFor(SERVER));
        forged.sign(new MACSigner(publicKeyBytes));

        assertRefused(forged.serialize(), Reason.UNSUPPORTED_ALGORITHM);
        assertThat(jwks.fetches()).isZero();
    }

    @Test
    void anUnknownKeyIsRefusedAfterExactlyOneRefetchAndTheNextDoesNotRefetch() throws Exception {
        verifier.verify(signer(key).sign(SERVER).code());
        assertThat(jwks.fetches()).isEqualTo(1);
        clock.advance(MIN_REFETCH.plusSeconds(1));

        assertRefused(signer(ed25519("stranger-1")).sign(SERVER).code(), Reason.UNKNOWN_KEY);
        assertThat(jwks.fetches()).as("one refetch for an unknown kid").isEqualTo(2);

        assertRefused(signer(ed25519("stranger-2")).sign(SERVER).code(), Reason.UNKNOWN_KEY);
        assertThat(jwks.fetches()).as("no second refetch within the interval").isEqualTo(2);
    }

    @Test
    void aFailedRefetchKeepsTheCachedKeys() throws Exception {
        AuthCodeSigner signer = signer(key);
        verifier.verify(signer.sign(SERVER).code());
        jwks.fail();
        clock.advance(MIN_REFETCH.plusSeconds(1));

        assertRefused(signer(ed25519("stranger")).sign(SERVER).code(), Reason.UNKNOWN_KEY);
        assertThat(jwks.fetches()).isEqualTo(2);

        assertThat(verifier.verify(signer.sign(SERVER).code()).serverId()).isEqualTo(SERVER);
    }

    @Test
    void aCodeWithoutAnIdIsRefused() throws Exception {
        JWTClaimsSet noId =
                new JWTClaimsSet.Builder(claimsFor(SERVER)).jwtID(null).build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.EdDSA).keyID("key-1").build(), noId);
        jwt.sign(new Ed25519Signer(key));

        assertRefused(jwt.serialize(), Reason.MISSING_CLAIM);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
            strings = {
                " ",
                "garbage",
                "a.b.c",
                "..",
                "a.b",
                "a.b.c.d.e",
                "eyJhbGciOiJFZERTQSJ9",
                "eyJhbGciOiJFZERTQSJ9..",
                "!!!.???.***",
                "eyJ0eXAiOiJKV1QifQ.e30.c2ln"
            })
    void garbageIsRefusedAsMalformed(String garbage) {
        assertRefused(garbage, Reason.MALFORMED);
        assertThat(jwks.fetches()).isZero();
    }

    @Test
    void randomStringsAreRefused() {
        Random random = new Random(20261129L);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.";
        for (int i = 0; i < 500; i++) {
            StringBuilder garbage = new StringBuilder();
            int length = 1 + random.nextInt(400);
            for (int c = 0; c < length; c++) {
                garbage.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            assertThatThrownBy(() -> verifier.verify(garbage.toString()))
                    .as("random string #%d", i)
                    .isInstanceOf(InvalidAuthCode.class);
        }
    }

    @Test
    void anOverlongCodeIsRefusedBeforeParsing() {
        assertRefused("a".repeat(5000) + ".b.c", Reason.MALFORMED);
    }

    @Test
    void afterRotationOldCodesVerifyUntilTheyExpireAndNewCodesUseTheNewKey() throws Exception {
        Duration longLifetime = Duration.ofMinutes(2);
        AuthCodeSigner.SignedAuthCode oldCode = new AuthCodeSigner(key, ISSUER, longLifetime, clock).sign(SERVER);
        assertThat(verifier.verify(oldCode.code()).serverId()).isEqualTo(SERVER);

        OctetKeyPair newKey = ed25519("key-2");
        jwks.publish(List.of(newKey, key.toPublicJWK()));
        clock.advance(MIN_REFETCH.plusSeconds(1));
        String newCode = signer(newKey).sign(SERVER).code();

        assertThat(SignedJWT.parse(newCode).getHeader().getKeyID()).isEqualTo("key-2");
        assertThat(verifier.verify(newCode).serverId())
                .as("the unknown new kid is fetched")
                .isEqualTo(SERVER);
        assertThat(jwks.fetches()).isEqualTo(2);
        assertThat(verifier.verify(oldCode.code()).serverId())
                .as("the old key is still published")
                .isEqualTo(SERVER);

        clock.advance(Duration.between(clock.instant(), oldCode.expiresAt()).plus(SKEW));
        assertRefused(oldCode.code(), Reason.EXPIRED);
        assertThat(jwks.fetches()).isEqualTo(2);
    }

    @Test
    void aKeyRetiredFromTheSetNoLongerVerifiesAfterTheNextFetch() throws Exception {
        String oldCode = signer(key).sign(SERVER).code();
        OctetKeyPair newKey = ed25519("key-2");
        jwks.publish(List.of(newKey));

        String newCode = signer(newKey).sign(SERVER).code();
        assertThat(verifier.verify(newCode).serverId()).isEqualTo(SERVER);

        assertRefused(oldCode, Reason.UNKNOWN_KEY);
    }

    private void assertRefused(String code, Reason reason) {
        assertThatThrownBy(() -> verifier.verify(code))
                .isInstanceOfSatisfying(
                        InvalidAuthCode.class,
                        refused -> assertThat(refused.reason()).isEqualTo(reason));
    }

    private AuthCodeSigner signer(OctetKeyPair signingKey) {
        return new AuthCodeSigner(signingKey, ISSUER, LIFETIME, clock);
    }

    private JWTClaimsSet claimsFor(String audience) {
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(audience)
                .jwtID("forged-id")
                .issueTime(Date.from(clock.instant()))
                .expirationTime(Date.from(clock.instant().plus(LIFETIME)))
                .build();
    }

    private static OctetKeyPair ed25519(String keyId) {
        try {
            return new OctetKeyPairGenerator(Curve.Ed25519).keyID(keyId).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
