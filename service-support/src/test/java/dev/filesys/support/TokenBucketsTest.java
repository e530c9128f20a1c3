package dev.filesys.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Token buckets on a clock the test moves. */
class TokenBucketsTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final TokenBuckets buckets = new TokenBuckets(new Rate(2, Duration.ofSeconds(1)), 10, now::get);

    @Test
    void aTokenGivenBackCanBeTakenAgainButTheBucketNeverHoldsMoreThanItsBurst() {
        assertThat(buckets.tryTake("all")).isEmpty();
        assertThat(buckets.tryTake("all")).isEmpty();
        assertThat(buckets.tryTake("all")).isPresent();

        buckets.giveBack("all");
        assertThat(buckets.emptyFor("all")).isEmpty();
        assertThat(buckets.tryTake("all")).isEmpty();
        assertThat(buckets.tryTake("all")).isPresent();

        buckets.giveBack("all");
        buckets.giveBack("all");
        buckets.giveBack("all");
        assertThat(buckets.tryTake("all")).isEmpty();
        assertThat(buckets.tryTake("all")).isEmpty();
        assertThat(buckets.tryTake("all")).as("no more than the burst of 2").isPresent();
    }

    @Test
    void givingBackToAnUnknownKeyChangesNothing() {
        buckets.giveBack("other");
        assertThat(buckets.size()).as("no bucket made for it").isZero();
    }
}
