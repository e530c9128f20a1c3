package dev.filesys.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A file-service's heartbeat to the balancer: {@code PUT /internal/v1/servers/{serverId}}.
 *
 * @param url the base URL the balancer probes it at (and clients reach it at, unless {@code publicUrl} says otherwise)
 * @param publicUrl the base URL clients reach it at, when that is not {@code url} (behind an edge proxy); null, and
 *     then left out of the JSON, when it is
 */
public record ServerRegistration(
        String url,
        @JsonInclude(JsonInclude.Include.NON_NULL) String publicUrl) {

    /** A server clients reach at the URL it is probed at. */
    public ServerRegistration(String url) {
        this(url, null);
    }
}
