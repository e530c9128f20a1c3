package dev.filesys.protocol.authcode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.filesys.protocol.authcode.InvalidAuthCode.Reason;
import java.net.http.HttpClient;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The edges of auth-code verification that the main suite leaves open (found by mutation testing): the exact length
 * limit, each missing claim, audiences with more than one server, {@code nbf}, keys on the wrong curve, a code without
 * a key id, the JWKS body limit, and {@link RemoteJwks} under concurrency.
 */
class AuthCodeEdgeCasesTest {

    private static final String SERVER = "fs-1";
    private static final String ISSUER = "filesys-balancer";
    private static final Duration LIFETIME = Duration.ofSeconds(30);
    private static final Duration SKEW = Duration.ofSeconds(5);
    private static final Duration MIN_REFETCH = Duration.ofSeconds(30);
    /** {@code AuthCodeVerifier}'s limit on a code's length. */
    private static final int MAX_CODE_LENGTH = 4096;
    /** {@code RemoteJwks}' limit on a key set's length. */
    private static final int MAX_JWKS_BODY = 64 * 1024;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T10:00:00Z"));
    private JwksServer jwks;
    private HttpClient http;
    private OctetKeyPair key;
    private RemoteJwks remoteKeys;
    private AuthCodeVerifier verifier;

    @BeforeEach
    void publishAKey() throws Exception {
        jwks = new JwksServer();
        http = HttpClient.newHttpClient();
        key = ed25519("key-1");
        jwks.publish(List.of(key));
        remoteKeys = new RemoteJwks(jwks.uri(), http, Duration.ofSeconds(5), MIN_REFETCH, clock);
        verifier = new AuthCodeVerifier(remoteKeys, SERVER, SKEW, clock);
    }

    @AfterEach
    void stop() {
        http.close();
        jwks.close();
    }

    @Test
    void aCodeOfExactlyTheLengthLimitIsVerifiedAndOneCharacterLongerIsNotEvenParsed() throws Exception {
        String longest = signedCodeOfLength(MAX_CODE_LENGTH);
        assertThat(verifier.verify(longest).serverId()).isEqualTo(SERVER);
        int fetches = jwks.fetches();

        String tooLong = signedCodeOfLength(MAX_CODE_LENGTH + 1);
        assertRefused(tooLong, Reason.MALFORMED);
        assertThat(jwks.fetches()).as("refused before any key lookup").isEqualTo(fetches);
    }

    @Test
    void aCodeForThisServerAndAnotherIsRefused() throws Exception {
        assertRefused(sign(claims(b -> b.audience(List.of(SERVER, "fs-2")))), Reason.WRONG_AUDIENCE);
        assertRefused(sign(claims(b -> b.audience(List.of("fs-2", SERVER)))), Reason.WRONG_AUDIENCE);
        assertRefused(sign(claims(b -> b.audience((String) null))), Reason.WRONG_AUDIENCE);
    }

    @Test
    void eachMissingClaimIsRefused() throws Exception {
        assertRefused(sign(claims(b -> b.jwtID(" "))), Reason.MISSING_CLAIM);
        assertRefused(sign(claims(b -> b.issuer(null))), Reason.MISSING_CLAIM);
        assertRefused(sign(claims(b -> b.issueTime(null))), Reason.MISSING_CLAIM);
        assertRefused(sign(claims(b -> b.expirationTime(null))), Reason.MISSING_CLAIM);

        AuthCode complete = verifier.verify(sign(claims(b -> b)));
        assertThat(complete.id()).isEqualTo("an-id");
        assertThat(complete.issuer()).isEqualTo(ISSUER);
    }

    @Test
    void notBeforeIsHonouredWithTheClockSkew() throws Exception {
        Date beyondSkew = Date.from(clock.instant().plus(SKEW).plusSeconds(1));
        assertRefused(sign(claims(b -> b.notBeforeTime(beyondSkew))), Reason.NOT_YET_VALID);

        Date withinSkew = Date.from(clock.instant().plus(SKEW).minusSeconds(1));
        assertThat(verifier.verify(sign(claims(b -> b.notBeforeTime(withinSkew))))
                        .serverId())
                .isEqualTo(SERVER);
        Date past = Date.from(clock.instant().minusSeconds(60));
        assertThat(verifier.verify(sign(claims(b -> b.notBeforeTime(past)))).serverId())
                .isEqualTo(SERVER);
    }

    @Test
    void aCodeWithoutAKeyIdIsRefusedWithoutAskingForKeys() throws Exception {
        SignedJWT noKid = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.EdDSA).build(), claims(b -> b));
        noKid.sign(new Ed25519Signer(key));
        SignedJWT blankKid = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.EdDSA).keyID(" ").build(), claims(b -> b));
        blankKid.sign(new Ed25519Signer(key));

        assertRefused(noKid.serialize(), Reason.UNKNOWN_KEY);
        assertRefused(blankKid.serialize(), Reason.UNKNOWN_KEY);
        assertThat(jwks.fetches()).isZero();
    }

    @Test
    void aPublishedKeyOnAnotherCurveIsAnUnknownKey() throws Exception {
        OctetKeyPair x25519 =
                new OctetKeyPairGenerator(Curve.X25519).keyID("key-1").generate();
        jwks.publish(List.of(x25519));

        assertRefused(sign(claims(b -> b)), Reason.UNKNOWN_KEY);
    }

    @Test
    void theSignerNeedsAKeyIdAndThePrivateKey() throws Exception {
        OctetKeyPair noKid = new OctetKeyPairGenerator(Curve.Ed25519).generate();
        assertThatThrownBy(() -> new AuthCodeSigner(noKid, ISSUER, LIFETIME, clock))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("signing key needs a key id and its private part");
        assertThatThrownBy(() -> new AuthCodeSigner(key.toPublicJWK(), ISSUER, LIFETIME, clock))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("signing key needs a key id and its private part");

        assertThat(new AuthCodeSigner(key, ISSUER, LIFETIME, clock).keyId()).isEqualTo("key-1");
    }

    @Test
    void aKeySetOfExactlyTheBodyLimitIsReadAndALongerOneIsIgnored() {
        jwks.publishRaw(paddedKeySet(MAX_JWKS_BODY + 1));
        assertThat(remoteKeys.find("key-1"))
                .as("a key set over the limit is not read")
                .isEmpty();
        assertThat(jwks.fetches()).isEqualTo(1);

        clock.advance(MIN_REFETCH);
        jwks.publishRaw(paddedKeySet(MAX_JWKS_BODY));
        assertThat(remoteKeys.find("key-1")).isPresent();
        assertThat(jwks.fetches()).isEqualTo(2);
    }

    @Test
    void anInterruptedFetchKeepsTheInterruptAndTheKeys() {
        assertThat(remoteKeys.find("key-1")).isPresent();

        Thread.currentThread().interrupt();
        remoteKeys.refresh();

        assertThat(Thread.interrupted())
                .as("the interrupt is kept for the caller")
                .isTrue();
        assertThat(remoteKeys.find("key-1")).isPresent();
    }

    @Test
    void aLookupThatWaitedForAnotherThreadsFetchUsesItsResult() throws Exception {
        OctetKeyPair newKey = ed25519("key-2");
        jwks.publish(List.of(key, newKey));
        CountDownLatch release = new CountDownLatch(1);
        jwks.holdFetchesUntil(release);

        CompletableFuture<Optional<OctetKeyPair>> first = CompletableFuture.supplyAsync(() -> remoteKeys.find("key-2"));
        await().atMost(Duration.ofSeconds(20)).until(() -> jwks.fetches() == 1);
        AtomicReference<Optional<OctetKeyPair>> second = new AtomicReference<>();
        Thread waiter = Thread.ofPlatform().start(() -> second.set(remoteKeys.find("key-2")));
        await().atMost(Duration.ofSeconds(20)).until(() -> waiter.getState() == Thread.State.WAITING);
        release.countDown();

        assertThat(first.get(20, TimeUnit.SECONDS)).isPresent();
        assertThat(waiter.join(Duration.ofSeconds(20))).isTrue();
        assertThat(second.get()).as("found in the set the other thread fetched").isPresent();
        assertThat(jwks.fetches()).as("one fetch served both").isEqualTo(1);
    }

    @Test
    void aLookupThatRefetchedLetsOtherThreadsInAfterwards() throws Exception {
        assertThat(remoteKeys.find("unknown")).isEmpty();

        CompletableFuture<Optional<OctetKeyPair>> elsewhere =
                CompletableFuture.supplyAsync(() -> remoteKeys.find("also-unknown"));

        assertThat(elsewhere.get(20, TimeUnit.SECONDS)).isEmpty();
    }

    /** A valid code of exactly {@code length} characters: padded with a claim, the header varied to hit it exactly. */
    private String signedCodeOfLength(int length) throws Exception {
        for (int extra = 0; extra < 6; extra++) {
            int low = 0;
            int high = length;
            while (low < high) { // the smallest padding whose code is at least that long
                int middle = (low + high) / 2;
                if (paddedCode(extra, middle).length() < length) {
                    low = middle + 1;
                } else {
                    high = middle;
                }
            }
            String code = paddedCode(extra, low);
            if (code.length() == length) {
                return code;
            }
        }
        throw new IllegalStateException("no code of length " + length);
    }

    private String paddedCode(int headerExtra, int padding) throws Exception {
        JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.EdDSA).keyID("key-1");
        if (headerExtra > 0) {
            header.customParam("x", "y".repeat(headerExtra));
        }
        SignedJWT jwt = new SignedJWT(header.build(), claims(b -> b.claim("pad", "p".repeat(padding))));
        jwt.sign(new Ed25519Signer(key));
        return jwt.serialize();
    }

    private String paddedKeySet(int length) {
        String keys = new JWKSet(key.toPublicJWK()).toString();
        String unpadded = keys.substring(0, keys.length() - 1) + ",\"pad\":\"\"}";
        String padded = unpadded.replace("\"pad\":\"\"", "\"pad\":\"" + "p".repeat(length - unpadded.length()) + "\"");
        assertThat(padded).hasSize(length);
        assertThat(keySetParses(padded)).isTrue();
        return padded;
    }

    private static boolean keySetParses(String json) {
        try {
            return JWKSet.parse(json).getKeyByKeyId("key-1") != null;
        } catch (ParseException e) {
            return false;
        }
    }

    private JWTClaimsSet claims(UnaryOperator<JWTClaimsSet.Builder> change) {
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(SERVER)
                .jwtID("an-id")
                .issueTime(Date.from(clock.instant()))
                .expirationTime(Date.from(clock.instant().plus(LIFETIME)));
        return change.apply(builder).build();
    }

    private String sign(JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.EdDSA).keyID("key-1").build(), claims);
        jwt.sign(new Ed25519Signer(key));
        return jwt.serialize();
    }

    private void assertRefused(String code, Reason reason) {
        assertThatThrownBy(() -> verifier.verify(code))
                .isInstanceOfSatisfying(
                        InvalidAuthCode.class,
                        refused -> assertThat(refused.reason()).isEqualTo(reason));
    }

    private static OctetKeyPair ed25519(String keyId) {
        try {
            return new OctetKeyPairGenerator(Curve.Ed25519).keyID(keyId).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
