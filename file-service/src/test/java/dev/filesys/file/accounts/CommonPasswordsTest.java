package dev.filesys.file.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The filter the service ships with: built from a few hundred thousand common and breached passwords, it has them all,
 * and it refuses strong passwords by mistake about as rarely as stated ({@link CommonPasswordsBuilder#FALSE_POSITIVE_RATE}).
 */
class CommonPasswordsTest {

    private static final int PROBES = 1_000_000;

    @Test
    void theShippedFilterHoldsTheBreachedListsAndItsFalsePositiveRateIsAsStated() {
        long started = System.nanoTime();
        CommonPasswords shipped = CommonPasswords.shipped();
        long loadMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(shipped.entries()).isGreaterThanOrEqualTo(CommonPasswordsBuilder.MIN_ENTRIES);
        // from the password-strength libraries' lists, then from the breached lists only (any case)
        assertThat(shipped.contains("iloveyou")).isTrue();
        assertThat(shipped.contains("uberl33t")).isTrue();
        assertThat(shipped.contains("HOTMAIL1")).isTrue();
        assertThat(shipped.contains("password&")).isTrue();

        // random 16-byte hex strings are on no list: each one the filter claims is a false positive
        Random random = new Random(42);
        byte[] bytes = new byte[16];
        int falsePositives = 0;
        for (int i = 0; i < PROBES; i++) {
            random.nextBytes(bytes);
            if (shipped.contains(HexFormat.of().formatHex(bytes))) {
                falsePositives++;
            }
        }
        System.out.printf(
                "common passwords: %d entries, %d false positives in %d random passwords, loaded in %d ms%n",
                shipped.entries(), falsePositives, PROBES, loadMillis);
        // about one expected at a rate of one in a million; more than 5 is a chance under 1 in 1,000
        assertThat(falsePositives).isLessThanOrEqualTo(5);
    }

    @Test
    void aFilterOfFewEntriesHasThemAndLittleElse() {
        CommonPasswords filter = CommonPasswordsBuilder.of(List.of("correct horse", "Tr0ub4dor&3"));
        assertThat(filter.contains("CORRECT HORSE")).isTrue();
        assertThat(filter.contains("tr0ub4dor&3")).isTrue();
        assertThat(filter.contains("battery staple")).isFalse();
    }
}
