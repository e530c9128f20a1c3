package dev.filesys.file.shares;

import dev.filesys.support.ApiError;
import dev.filesys.support.ApiException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.jspecify.annotations.Nullable;

/**
 * The range a share's expiry may take: after the current time, and no later than the end of the year 9999. The upper
 * bound keeps every expiry an RFC 3339 date-time with a four-digit year, which every client can parse back (PostgreSQL
 * would store up to the year 294276, {@code java.sql.Timestamp} overflows near the year 292278994, and many clients stop
 * at 9999). Expiries are kept to the microsecond, PostgreSQL's precision, so what a grant answers is what is stored.
 */
final class ShareExpiry {

    /** The latest expiry there may be. */
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    private ShareExpiry() {}

    /**
     * The expiry to store for {@code requested}, or null for a share that never expires.
     *
     * @throws ApiException {@code 400 INVALID_EXPIRY} when {@code requested} is not after {@code now} or is after
     *     {@link #LATEST}
     */
    static @Nullable Instant check(@Nullable Instant requested, Instant now) {
        if (requested == null) {
            return null;
        }
        if (!requested.isAfter(now) || requested.isAfter(LATEST)) {
            throw ApiError.INVALID_EXPIRY.exception("expiresAt " + requested
                    + " is out of range: it must be after the current time and no later than " + LATEST + ".");
        }
        return requested.truncatedTo(ChronoUnit.MICROS);
    }
}
