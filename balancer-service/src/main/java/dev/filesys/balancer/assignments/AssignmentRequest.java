package dev.filesys.balancer.assignments;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * The optional body of {@code POST /api/v1/assignments}.
 *
 * @param waitSeconds how long to keep trying when no server is available now, 0 to 30; absent means 0
 */
record AssignmentRequest(
        @Min(0) @Max(AssignmentRequest.MAX_WAIT_SECONDS) Integer waitSeconds) {

    static final int MAX_WAIT_SECONDS = 30;

    int waitSecondsOrZero() {
        return waitSeconds == null ? 0 : waitSeconds;
    }
}
