package dev.filesys.balancer.polling;

import dev.filesys.protocol.Availability;
import java.time.Duration;

/**
 * What one availability probe found.
 *
 * @param outcome yes, no, or failure (no usable answer)
 * @param availability the server's answer; null on failure
 * @param latency how long the probe took
 */
public record ProbeResult(Outcome outcome, Availability availability, Duration latency) {

    /** The three outcomes of a probe; also the {@code outcome} tag of {@code filesys.balancer.probes}. */
    public enum Outcome {
        YES,
        NO,
        FAILURE
    }

    public boolean available() {
        return outcome == Outcome.YES;
    }
}
