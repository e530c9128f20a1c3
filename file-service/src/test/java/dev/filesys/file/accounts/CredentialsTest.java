package dev.filesys.file.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The username and password rules, including seeded random inputs. */
class CredentialsTest {

    private static final String ALLOWED = "abcdefghijklmnopqrstuvwxyz0123456789._-";

    @Test
    void namesAreLowerCasedThenChecked() {
        assertThat(Credentials.checkUsername("Alice.B_C-9")).isEqualTo("alice.b_c-9");
        assertThat(Credentials.checkUsername("abc")).isEqualTo("abc");
        assertThat(Credentials.checkUsername("x".repeat(32))).hasSize(32);
    }

    @Test
    void onlyNamesWithinTheRulesArePossibleUsers() {
        assertThat(Credentials.isPossibleUsername("alice.b_c-9")).isTrue();
        for (String name : new String[] {"", "ab", "x".repeat(33), "al\u0000ice", "a b", "ålice"}) {
            assertThat(Credentials.isPossibleUsername(name)).as(name).isFalse();
        }
    }

    @Test
    void namesOutsideTheRulesAreRefused() {
        for (String name :
                new String[] {null, "", "ab", "x".repeat(33), "a b", "ali/ce", "ålice", "al\u0000ice", "bob!"}) {
            assertThatThrownBy(() -> Credentials.checkUsername(name))
                    .as(String.valueOf(name))
                    .isInstanceOf(InvalidUsername.class)
                    .hasMessageContaining("INVALID_USERNAME");
        }
    }

    @Test
    void randomNamesAreAcceptedExactlyWhenTheyFollowTheRules() {
        Random random = new Random(20261129);
        for (int i = 0; i < 5_000; i++) {
            int length = random.nextInt(40);
            StringBuilder name = new StringBuilder();
            boolean valid = length >= 3 && length <= 32;
            for (int c = 0; c < length; c++) {
                if (random.nextInt(10) == 0) {
                    char other = (char) (' ' + random.nextInt(200));
                    name.append(other);
                    valid &= ALLOWED.indexOf(Character.toLowerCase(other)) >= 0;
                } else {
                    char allowed = ALLOWED.charAt(random.nextInt(ALLOWED.length()));
                    name.append(random.nextBoolean() ? Character.toUpperCase(allowed) : allowed);
                }
            }
            String candidate = name.toString();
            if (valid) {
                assertThat(Credentials.checkUsername(candidate)).isEqualTo(candidate.toLowerCase());
            } else {
                assertThatThrownBy(() -> Credentials.checkUsername(candidate))
                        .as(candidate)
                        .isInstanceOf(InvalidUsername.class);
            }
        }
    }

    @Test
    void passwordsAreCountedInCharactersAfterNormalisation() {
        assertThat(Credentials.checkPassword("12345678")).isEqualTo("12345678");
        assertThat(Credentials.checkPassword("🔑".repeat(8))).isEqualTo("🔑".repeat(8));
        assertThat(Credentials.checkPassword("x".repeat(1024))).hasSize(1024);
        // "e" + combining acute accent, eight times: sixteen code points, eight characters once composed
        String decomposed = "e\u0301".repeat(8);
        assertThat(Credentials.checkPassword(decomposed)).isEqualTo("\u00e9".repeat(8));
        assertThatThrownBy(() -> Credentials.checkPassword("e\u0301".repeat(7))).isInstanceOf(WeakPassword.class);
    }

    @Test
    void passwordsOutsideTheRulesAreRefused() {
        assertThatThrownBy(() -> Credentials.checkPassword(null)).isInstanceOf(WeakPassword.class);
        assertThatThrownBy(() -> Credentials.checkPassword("1234567"))
                .isInstanceOf(WeakPassword.class)
                .hasMessageContaining("at least 8 characters; this one has 7");
        assertThatThrownBy(() -> Credentials.checkPassword("x".repeat(1025)))
                .isInstanceOf(WeakPassword.class)
                .hasMessageContaining("at most 1024 characters; this one has 1025");
    }
}
