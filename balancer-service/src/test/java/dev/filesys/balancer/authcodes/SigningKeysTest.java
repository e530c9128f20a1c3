package dev.filesys.balancer.authcodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading, generating and rotating the signing key set. */
class SigningKeysTest {

    @Test
    void aGeneratedKeyIsAnEd25519PairNamedByItsThumbprint() throws Exception {
        OctetKeyPair key = SigningKeys.generate();

        assertThat(key.getCurve()).isEqualTo(Curve.Ed25519);
        assertThat(key.isPrivate()).isTrue();
        assertThat(key.getKeyID()).isEqualTo(key.computeThumbprint().toString());
        assertThat(SigningKeys.generate().getKeyID()).isNotEqualTo(key.getKeyID());
    }

    @Test
    void aKeySetSurvivesAWriteAndARead() {
        SigningKeys keys = SigningKeys.generated().rotate();

        SigningKeys read = SigningKeys.parse(keys.toPrivateJson());

        assertThat(read.keyIds()).isEqualTo(keys.keyIds());
        assertThat(read.active().getKeyID()).isEqualTo(keys.active().getKeyID());
        assertThat(read.active().isPrivate()).isTrue();
    }

    @Test
    void rotationPutsANewSigningKeyFirstAndKeepsOnlyThePublicPartsOfTheOldOnes() {
        SigningKeys before = SigningKeys.generated();

        SigningKeys after = before.rotate();

        assertThat(after.keyIds()).hasSize(2).endsWith(before.active().getKeyID());
        assertThat(after.active().getKeyID()).isNotEqualTo(before.active().getKeyID());
        assertThat(after.active().isPrivate()).isTrue();
        assertThat(after.toPrivateJson()).contains(before.active().getX().toString());
        assertThat(after.toPrivateJson()).doesNotContain(before.active().getD().toString());
    }

    @Test
    void thePublishedSetHasNoPrivatePart() {
        SigningKeys keys = SigningKeys.generated().rotate().rotate();

        assertThat(keys.publicJwks().getKeys()).hasSize(3).noneMatch(JWK::isPrivate);
        assertThat(keys.publicJwks().toString()).doesNotContain("\"d\"");
        assertThat(keys.toString()).doesNotContain(keys.active().getD().toString());
    }

    @Test
    void aKeySetIsReadFromAFile(@TempDir Path dir) throws Exception {
        SigningKeys keys = SigningKeys.generated();
        Path file = dir.resolve("keys.json");
        Files.writeString(file, keys.toPrivateJson());

        assertThat(SigningKeys.read(file).keyIds()).isEqualTo(keys.keyIds());
        assertThatThrownBy(() -> SigningKeys.read(dir.resolve("missing.json")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void brokenKeySetsAreRefusedWithoutQuotingKeyMaterial() throws Exception {
        OctetKeyPair key = SigningKeys.generate();
        String secret = key.getD().toString();
        String publicOnly = "{\"keys\":[" + key.toPublicJWK().toJSONString() + "]}";
        String rsa = "{\"keys\":["
                + new RSAKeyGenerator(2048).keyID("rsa").generate().toJSONString() + "]}";
        String noKid = "{\"keys\":["
                + new OctetKeyPair.Builder(key).keyID(null).build().toJSONString() + "]}";
        String twice =
                "{\"keys\":[" + key.toJSONString() + "," + key.toPublicJWK().toJSONString() + "]}";
        String truncated = "{\"keys\":[" + key.toJSONString();

        assertRefused("not json", "JWK Set");
        assertRefused("{\"keys\":[]}", "no keys");
        assertRefused(publicOnly, "private part");
        assertRefused(rsa, "Ed25519");
        assertRefused(noKid, "kid");
        assertRefused(twice, "twice");
        assertThatThrownBy(() -> SigningKeys.parse(truncated))
                .isInstanceOf(IllegalArgumentException.class)
                .message()
                .doesNotContain(secret);
    }

    @Test
    void mainPrintsANewKeySetOrTheRotatedOne(@TempDir Path dir) throws Exception {
        String fresh = runMain();
        SigningKeys generated = SigningKeys.parse(fresh);
        assertThat(generated.keyIds()).hasSize(1);

        Path file = dir.resolve("keys.json");
        Files.writeString(file, fresh);
        SigningKeys rotated = SigningKeys.parse(runMain(file.toString()));
        assertThat(rotated.keyIds()).hasSize(2).endsWith(generated.active().getKeyID());
    }

    private static void assertRefused(String json, String messagePart) {
        assertThatThrownBy(() -> SigningKeys.parse(json))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(messagePart);
    }

    private static String runMain(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            SigningKeys.main(args);
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
