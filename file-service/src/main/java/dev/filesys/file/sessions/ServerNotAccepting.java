package dev.filesys.file.sessions;

import dev.filesys.file.availability.InstanceAvailability.Reason;
import dev.filesys.support.ApiException;
import org.springframework.http.HttpStatus;

/** A handshake arrived while this instance says no to new clients; the client should ask the balancer again. */
class ServerNotAccepting extends ApiException {

    ServerNotAccepting(Reason reason) {
        super(HttpStatus.SERVICE_UNAVAILABLE, codeFor(reason), detailFor(reason));
        getHeaders().set("Retry-After", "1");
    }

    private static String codeFor(Reason reason) {
        return switch (reason) {
            case DRAINING -> "SERVER_DRAINING";
            case AT_CAPACITY -> "SERVER_AT_CAPACITY";
            case DATABASE_UNREACHABLE, STORAGE_UNAVAILABLE -> "SERVER_UNAVAILABLE";
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
