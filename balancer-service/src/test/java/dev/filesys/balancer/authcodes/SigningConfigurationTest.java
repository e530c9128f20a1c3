package dev.filesys.balancer.authcodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.filesys.balancer.TestProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the signing keys come from: configuration, a file, or generated; and never both sources at once. */
class SigningConfigurationTest {

    private final SigningConfiguration configuration = new SigningConfiguration();

    @Test
    void keysComeFromTheConfiguredJson() {
        SigningKeys configured = SigningKeys.generated().rotate();

        SigningKeys keys =
                configuration.signingKeys(TestProperties.bind(Map.of("signing.keys", configured.toPrivateJson())));

        assertThat(keys.keyIds()).isEqualTo(configured.keyIds());
    }

    @Test
    void keysComeFromTheConfiguredFile(@TempDir Path dir) throws Exception {
        SigningKeys configured = SigningKeys.generated();
        Path file = dir.resolve("signing-keys.json");
        Files.writeString(file, configured.toPrivateJson());

        SigningKeys keys = configuration.signingKeys(TestProperties.bind(Map.of("signing.keys-file", file.toString())));

        assertThat(keys.keyIds()).isEqualTo(configured.keyIds());
    }

    @Test
    void withoutConfigurationOneKeyIsGenerated() {
        SigningKeys keys =
                configuration.signingKeys(TestProperties.bind(Map.of("signing.keys", "", "signing.keys-file", " ")));

        assertThat(keys.keyIds()).hasSize(1);
        assertThat(keys.active().isPrivate()).isTrue();
    }

    @Test
    void bothSourcesAtOnceStopTheStart() {
        assertThatThrownBy(() -> configuration.signingKeys(TestProperties.bind(Map.of(
                        "signing.keys",
                        SigningKeys.generated().toPrivateJson(),
                        "signing.keys-file",
                        "/tmp/keys.json"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not both");
    }

    @Test
    void aBrokenKeySetStopsTheStart() {
        assertThatThrownBy(
                        () -> configuration.signingKeys(TestProperties.bind(Map.of("signing.keys", "{\"keys\":[]}"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("invalid auth-code signing keys");
    }
}
