package dev.filesys.file.events;

import dev.filesys.support.ApiError;
import dev.filesys.support.ApiException;

/** The instance is shutting down and opens no more event streams; the client reconnects through the balancer. */
class ServerShuttingDown extends ApiException {

    ServerShuttingDown() {
        super(ApiError.SERVER_DRAINING, "This server is shutting down; ask the balancer for another one.");
        getHeaders().set("Retry-After", "1");
    }
}
