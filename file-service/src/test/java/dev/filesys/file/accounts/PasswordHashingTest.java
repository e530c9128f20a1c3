package dev.filesys.file.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.filesys.file.testsupport.TestProperties;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/** Argon2id at the configured parameters, in Spring Security's encoding, and re-hashing when they rise. */
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

    @Test
    void hashesAreThoseOfSpringSecuritysArgon2EncoderBothWays() {
        // the users table holds hashes Spring's encoder made before the pooled one, and a later version may go back
        Argon2PasswordEncoder spring = new Argon2PasswordEncoder(16, 32, 1, 19456, 2);
        PooledArgon2 pooled = new PooledArgon2(16, 32, 1, 19456, 2, 1);

        String bySpring = spring.encode("correct horse");
        String byPool = pooled.encode("correct horse");

        assertThat(pooled.matches("correct horse", bySpring)).isTrue();
        assertThat(pooled.matches("correct horsE", bySpring)).isFalse();
        assertThat(spring.matches("correct horse", byPool)).isTrue();
        assertThat(spring.matches("correct horsE", byPool)).isFalse();
        // again with the pooled blocks of the hashes before: nothing of them leaks into the next
        assertThat(pooled.matches("correct horse", byPool)).isTrue();
        assertThat(pooled.matches("correct horse", spring.encode("correct horse")))
                .isTrue();
        assertThat(pooled.matches("correct horse", "$argon2id$v=19$m=19456,t=2,p=1$bm90IGJhc2U2NA"))
                .isFalse();
    }

    @Test
    void aReservedHashingThreadIsNobodyElsesUntilGivenBack() {
        PasswordHashing hashing = new PasswordHashing(TestProperties.fileService(Map.of(
                "accounts.password.memory-kib", "19456",
                "accounts.password.iterations", "2",
                "accounts.password.hashing-threads", "1")));

        PasswordHashing.Reservation reserved = hashing.reserve().orElseThrow();
        assertThat(hashing.allBusy()).isTrue();
        assertThat(hashing.reserve()).isEmpty();
        assertThatThrownBy(() -> hashing.hash("correct horse")).isInstanceOf(ServerBusy.class);
        String hash = hashing.hash("correct horse", reserved);
        assertThatThrownBy(() -> hashing.matches("correct horse", hash))
                .as("the holder's own hash does not give the thread back")
                .isInstanceOf(ServerBusy.class);

        reserved.close();
        reserved.close();
        assertThat(hashing.allBusy()).isFalse();
        assertThat(hashing.matches("correct horse", hash)).isTrue();
        PasswordHashing.Reservation again = hashing.reserve().orElseThrow();
        assertThat(hashing.reserve())
                .as("given back once, however often closed")
                .isEmpty();
        again.close();
        assertThatThrownBy(() -> hashing.hash("correct horse", again)).isInstanceOf(IllegalStateException.class);
    }

    static PasswordHashing hashing(int memoryKib, int iterations) {
        return new PasswordHashing(TestProperties.fileService(Map.of(
                "accounts.password.memory-kib", Integer.toString(memoryKib),
                "accounts.password.iterations", Integer.toString(iterations))));
    }
}
