package dev.filesys.file.sessions;

import dev.filesys.file.availability.InstanceAvailability.Reason;
import dev.filesys.support.ApiError;
import dev.filesys.support.ApiException;

/** A handshake arrived while this instance says no to new clients; the client should ask the balancer again. */
class ServerNotAccepting extends ApiException {

    ServerNotAccepting(Reason reason) {
        super(codeFor(reason), detailFor(reason));
        getHeaders().set("Retry-After", "1");
    }

    private static ApiError codeFor(Reason reason) {
        return switch (reason) {
            case DRAINING -> ApiError.SERVER_DRAINING;
            case AT_CAPACITY -> ApiError.SERVER_AT_CAPACITY;
            case DATABASE_UNREACHABLE, STORAGE_UNAVAILABLE -> ApiError.SERVER_UNAVAILABLE;
        };
    }

    private static String detailFor(Reason reason) {
        return switch (reason) {
            case DRAINING -> "This server is shutting down and takes no new sessions; ask the balancer for another.";
            case AT_CAPACITY -> "This server is full; ask the balancer for another.";
            case DATABASE_UNREACHABLE, STORAGE_UNAVAILABLE ->
                "This server cannot take new sessions right now; ask the balancer for another.";
        };
    }
}
