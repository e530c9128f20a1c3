package dev.filesys.balancer.registry;

import dev.filesys.support.ApiError;
import dev.filesys.support.ApiException;

/**
 * A registration names the id of a server the balancer knows at another URL: one from configuration or DNS discovery,
 * or a registered one whose lease still runs.
 */
class ServerIdConflict extends ApiException {

    /** Who holds the id. */
    enum Holder {
        CONFIGURED,
        REGISTERED
    }

    ServerIdConflict(String serverId, Holder holder) {
        super(
                ApiError.SERVER_ID_CONFLICT,
                switch (holder) {
                    case CONFIGURED ->
                        "Server '" + serverId + "' is configured statically or discovered, with another URL.";
                    case REGISTERED ->
                        "Server '" + serverId + "' is registered with another URL and its lease still runs;"
                                + " it can move once it deregisters or its lease runs out.";
                });
    }
}
