package dev.filesys.file.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filesys.file.testsupport.TestProperties;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Argon2id at the configured parameters, and re-hashing when they rise. */
class PasswordHashingTest {

    @Test
    void hashesAreArgon2idWithTheConfiguredParameters() {
        PasswordHashing hashing = hashing(19456, 2);

        String hash = hashing.hash("correct horse");

        assertThat(hash).startsWith("{argon2}$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(hashing.matches("correct horse", hash)).isTrue();
        assertThat(hashing.matches("correct horsE", hash)).isFalse();
        assertThat(hashing.needsRehash(hash)).isFalse();
        assertThat(hashing.hash("correct horse")).as("salted").isNotEqualTo(hash);
    }

    @Test
    void risingParametersAskForARehash() {
        String old = hashing(19456, 2).hash("correct horse");

        PasswordHashing stronger = hashing(19456, 3);

        assertThat(stronger.matches("correct horse", old)).isTrue();
        assertThat(stronger.needsRehash(old)).isTrue();
        assertThat(hashing(32768, 2).needsRehash(old)).isTrue();
    }

    @Test
    void unreadableHashesNeverMatch() {
        PasswordHashing hashing = hashing(19456, 2);

        assertThat(hashing.matches("x", "{bcrypt}$2a$10$abcdefghijklmnopqrstuv"))
                .isFalse();
        assertThat(hashing.matches("x", "no prefix")).isFalse();
    }

    static PasswordHashing hashing(int memoryKib, int iterations) {
        return new PasswordHashing(TestProperties.fileService(Map.of(
                "accounts.password.memory-kib", Integer.toString(memoryKib),
                "accounts.password.iterations", Integer.toString(iterations))));
    }
}
