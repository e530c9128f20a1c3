package dev.filesys.balancer.registry;

import dev.filesys.support.ApiException;
import org.springframework.http.HttpStatus;

/** A registration names the id of a server from configuration, but another URL. */
class ServerIdConflict extends ApiException {

    ServerIdConflict(String serverId) {
        super(
                HttpStatus.CONFLICT,
                "SERVER_ID_CONFLICT",
                "Server '" + serverId + "' is configured statically with another URL.");
    }
}
