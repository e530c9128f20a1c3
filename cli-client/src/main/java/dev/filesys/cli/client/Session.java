package dev.filesys.cli.client;

import java.net.URI;
import org.springframework.web.client.RestClient;

/**
 * An open session on one file-service.
 *
 * @param rest a client for that server that sends the session's token
 * @param api the server's JSON API on {@code rest}
 */
record Session(String serverId, URI serverUrl, String token, RestClient rest, FileServiceApi api) {

    /** {@code path} below the API root, e.g. {@code /files}, on this server. */
    URI uri(String path) {
        return URI.create(serverUrl.toString() + FilesysClient.API + path);
    }

    /** A path (and query) below this server's base URL, e.g. a tus upload's {@code /api/v1/uploads/…}. */
    URI at(String pathAndQuery) {
        return URI.create(serverUrl.toString() + pathAndQuery);
    }

    /**
     * The part of an absolute URL on this server below its base URL: {@code /api/v1/uploads/x} for
     * {@code https://files.example.com/s/fs-0/api/v1/uploads/x} when the base is {@code …/s/fs-0}. Another server
     * continues an upload under its own base, so only this part is worth keeping.
     */
    String below(URI absolute) {
        String path = absolute.getRawPath() == null ? "" : absolute.getRawPath();
        String base = serverUrl.getRawPath() == null ? "" : serverUrl.getRawPath();
        if (!base.isEmpty() && path.startsWith(base + "/")) {
            path = path.substring(base.length());
        }
        return path + (absolute.getRawQuery() == null ? "" : "?" + absolute.getRawQuery());
    }
}
