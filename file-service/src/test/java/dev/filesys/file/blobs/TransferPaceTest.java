package dev.filesys.file.blobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TransferPaceTest {

    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong now = new AtomicLong(42 * SECOND);
    private final TransferPace pace = new TransferPace(Duration.ofHours(1), 1024, Duration.ofSeconds(30));

    @Test
    void aTrickleIsOnTimeDuringTheGraceWindowAndTooSlowAfterIt() {
        TransferPace.Clock clock = pace.start(now::get);
        for (int second = 1; second < 30; second++) {
            now.addAndGet(SECOND);
            assertThat(clock.check(second)).isEqualTo(TransferPace.Verdict.ON_TIME);
        }
        now.addAndGet(SECOND);
        assertThat(clock.check(30)).isEqualTo(TransferPace.Verdict.TOO_SLOW);
    }

    @Test
    void eachWindowMustMeetTheRateOnItsOwn() {
        TransferPace.Clock clock = pace.start(now::get);
        now.addAndGet(30 * SECOND);
        // a fast first window
        assertThat(clock.check(100L * 1024 * 1024)).isEqualTo(TransferPace.Verdict.ON_TIME);
        now.addAndGet(30 * SECOND);
        // earlier bytes do not pay for a second window that brought almost nothing
        assertThat(clock.check(100L * 1024 * 1024 + 10)).isEqualTo(TransferPace.Verdict.TOO_SLOW);
    }

    @Test
    void aSteadyBodyAtTheRateIsNeverCut() {
        TransferPace.Clock clock = pace.start(now::get);
        long bytes = 0;
        for (int second = 1; second <= 600; second++) {
            now.addAndGet(SECOND);
            bytes += 1024;
            assertThat(clock.check(bytes)).isEqualTo(TransferPace.Verdict.ON_TIME);
        }
    }

    @Test
    void theTotalLimitHoldsWhateverTheRate() {
        TransferPace.Clock clock = new TransferPace(Duration.ofSeconds(10), 0, Duration.ofSeconds(10)).start(now::get);
        now.addAndGet(10 * SECOND);
        assertThat(clock.check(1L << 40)).isEqualTo(TransferPace.Verdict.ON_TIME);
        now.addAndGet(1);
        assertThat(clock.check(1L << 40)).isEqualTo(TransferPace.Verdict.PAST_DEADLINE);
    }

    @Test
    void aZeroRateTurnsTheRateCheckOff() {
        TransferPace.Clock clock = TransferPace.within(Duration.ofHours(1)).start(now::get);
        now.addAndGet(1800 * SECOND);
        assertThat(clock.check(0)).isEqualTo(TransferPace.Verdict.ON_TIME);
    }
}
