package dev.filesys.cli.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.service.annotation.DeleteExchange;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.annotation.PostExchange;
import org.springframework.web.service.annotation.PutExchange;

/**
 * A file-service's JSON API, as the CLI uses it. The client behind it sends the session's bearer token and turns
 * problem answers into {@link RequestRefused}; the transfers (tus, downloads) and the event stream go their own way.
 */
@HttpExchange(
        url = FilesysClient.API,
        accept = {"application/json", "application/problem+json"})
interface FileServiceApi {

    /** The handshake's first step: the balancer's auth code (and the old session's token to carry over). */
    @PostExchange("/sessions")
    SessionOpened openSession(@RequestBody Map<String, String> hello);

    /** The handshake's last step: the server's nonce back, for the session token. */
    @PostExchange("/sessions/{sessionId}/ack")
    SessionAcknowledged acknowledge(@PathVariable String sessionId, @RequestBody Map<String, String> nonce);

    @DeleteExchange("/sessions/current")
    void closeSession();

    @PostExchange("/users")
    AccountAnswer register(@RequestBody Credentials credentials);

    @PostExchange("/login")
    AccountAnswer login(@RequestBody Credentials credentials);

    @PostExchange("/logout")
    void logout();

    @GetExchange("/me")
    UserView me();

    /** One page of files; {@code cursor} is the page before's {@code nextCursor}, or null for the first. */
    @GetExchange("/files")
    FilePage files(@RequestParam String scope, @RequestParam int limit, @RequestParam(required = false) String cursor);

    @GetExchange("/files/{fileId}")
    FileView file(@PathVariable String fileId);

    @PutExchange("/files/{fileId}/shares/{username}")
    ShareView share(@PathVariable String fileId, @PathVariable String username, @RequestBody ShareTerms terms);

    @DeleteExchange("/files/{fileId}/shares/{username}")
    void unshare(@PathVariable String fileId, @PathVariable String username);

    @DeleteExchange("/files/{fileId}")
    void delete(@PathVariable String fileId);

    record SessionOpened(String sessionId, String serverNonce, long expiresIn) {}

    record SessionAcknowledged(String sessionToken, long idleTimeoutSeconds, boolean resumed) {}

    record Credentials(String username, String password) {}

    record AccountAnswer(String userId, String username, String sessionToken) {}

    /** @param expiresAt ISO-8601, or {@code null} (left out): the share never ends */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ShareTerms(String permission, String expiresAt) {}

    /** One page of a listing, as the server sends it: {@code nextCursor} is null on the last page. */
    record FilePage(List<FileView> items, String nextCursor) {}
}
