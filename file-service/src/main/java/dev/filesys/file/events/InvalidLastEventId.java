package dev.filesys.file.events;

import dev.filesys.support.ApiError;
import dev.filesys.support.ApiException;

/** A {@code Last-Event-ID} that is not an event id this service hands out. */
class InvalidLastEventId extends ApiException {

    InvalidLastEventId() {
        super(
                ApiError.INVALID_LAST_EVENT_ID,
                "Last-Event-ID must be the id of an event this service sent (a non-negative integer).");
    }
}
