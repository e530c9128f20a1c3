package dev.filesys.cli.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.service.annotation.DeleteExchange;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.annotation.PatchExchange;
import org.springframework.web.service.annotation.PostExchange;
import org.springframework.web.service.annotation.PutExchange;
import tools.jackson.databind.JsonNode;

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
    CursorPage<FileView> files(
            @RequestParam String scope, @RequestParam int limit, @RequestParam(required = false) String cursor);

    @GetExchange("/files/{fileId}")
    FileView file(@PathVariable String fileId);

    @PutExchange("/files/{fileId}/shares/{username}")
    ShareView share(@PathVariable String fileId, @PathVariable String username, @RequestBody ShareTerms terms);

    @DeleteExchange("/files/{fileId}/shares/{username}")
    void unshare(@PathVariable String fileId, @PathVariable String username);

    @DeleteExchange("/files/{fileId}")
    void delete(@PathVariable String fileId, @RequestHeader(name = "If-Match", required = false) String ifMatch);

    /** Renames and/or moves a file; {@code ifMatch} (its ETag as read) makes a changed file a 412. */
    @PatchExchange("/files/{fileId}")
    ItemView moveFile(
            @PathVariable String fileId,
            @RequestHeader(name = "If-Match", required = false) String ifMatch,
            @RequestBody FileMove move);

    /** A file or folder of the caller's own tree by path ({@code /reports/2026/q3.pdf}). */
    @GetExchange("/items")
    ItemView item(@RequestParam String path);

    /** A folder by id, or {@code root}. */
    @GetExchange("/folders/{folderId}")
    ItemView folder(@PathVariable String folderId);

    /** One page of a folder's children, folders first, by name. */
    @GetExchange("/folders/{folderId}/children")
    CursorPage<ItemView> children(
            @PathVariable String folderId, @RequestParam int limit, @RequestParam(required = false) String cursor);

    /** One page of what is shared directly with the caller: folders, then files, by name. */
    @GetExchange("/shared")
    CursorPage<ItemView> shared(@RequestParam int limit, @RequestParam(required = false) String cursor);

    @PostExchange("/folders")
    ItemView createFolder(@RequestBody NewFolder folder);

    /** Renames and/or moves a folder; {@code ifMatch} (its ETag as read) makes a changed folder a 412. */
    @PatchExchange("/folders/{folderId}")
    ItemView moveFolder(
            @PathVariable String folderId,
            @RequestHeader(name = "If-Match", required = false) String ifMatch,
            @RequestBody FolderMove move);

    @DeleteExchange("/folders/{folderId}")
    void deleteFolder(
            @PathVariable String folderId, @RequestHeader(name = "If-Match", required = false) String ifMatch);

    @PutExchange("/folders/{folderId}/shares/{username}")
    ShareView shareFolder(@PathVariable String folderId, @PathVariable String username, @RequestBody ShareTerms terms);

    @DeleteExchange("/folders/{folderId}/shares/{username}")
    void unshareFolder(@PathVariable String folderId, @PathVariable String username);

    @PostExchange("/links")
    LinkView createLink(@RequestBody LinkTerms terms);

    @GetExchange("/links")
    LinkPage links(@RequestParam(required = false) String after, @RequestParam int limit);

    @DeleteExchange("/links/{linkId}")
    void revokeLink(@PathVariable String linkId);

    @GetExchange("/links/{linkId}/downloads")
    DownloadPage linkDownloads(
            @PathVariable String linkId, @RequestParam(required = false) Long before, @RequestParam int limit);

    @PostExchange("/me/password")
    void changePassword(@RequestBody Map<String, String> passwords);

    @GetExchange("/me/sessions")
    JsonNode sessions();

    @DeleteExchange("/me/sessions/{sessionId}")
    void endSession(@PathVariable String sessionId);

    @DeleteExchange("/me/sessions")
    JsonNode endOtherSessions();

    @GetExchange("/admin/users")
    JsonNode adminUsers(
            @RequestParam(required = false) String q,
            @RequestParam(required = false) String after,
            @RequestParam int limit);

    @GetExchange("/admin/users/{username}")
    JsonNode adminUser(@PathVariable String username);

    @PostExchange("/admin/users/{username}/disable")
    JsonNode adminDisable(@PathVariable String username);

    @PostExchange("/admin/users/{username}/enable")
    JsonNode adminEnable(@PathVariable String username);

    @DeleteExchange("/admin/users/{username}")
    void adminDelete(@PathVariable String username);

    @PostExchange("/admin/users/{username}/password-reset")
    JsonNode adminResetPassword(@PathVariable String username);

    @PutExchange("/admin/users/{username}/quota")
    JsonNode adminQuota(@PathVariable String username, @RequestBody QuotaTerms quota);

    @GetExchange("/admin/audit")
    JsonNode adminAudit(@RequestParam(required = false) String before, @RequestParam int limit);

    @GetExchange("/admin/integrity")
    JsonNode adminIntegrity();

    @PostExchange("/admin/fsck")
    JsonNode adminFsck(@RequestParam boolean fix, @RequestParam boolean checksums);

    /** @param quotaBytes bytes, or {@code null} (sent as null): the deployment's quota */
    record QuotaTerms(Long quotaBytes) {}

    @GetExchange("/files/{fileId}/versions")
    CursorPage<VersionView> versions(
            @PathVariable String fileId, @RequestParam int limit, @RequestParam(required = false) String cursor);

    @PostExchange("/files/{fileId}/versions/{versionId}/restore")
    FileView restoreVersion(@PathVariable String fileId, @PathVariable String versionId);

    @GetExchange("/trash")
    CursorPage<TrashItem> trash(@RequestParam int limit, @RequestParam(required = false) String cursor);

    @PostExchange("/trash/{id}/restore")
    TrashRestored restoreFromTrash(@PathVariable String id);

    @DeleteExchange("/trash/{id}")
    void purge(@PathVariable String id);

    @DeleteExchange("/trash")
    void emptyTrash();

    record SessionOpened(String sessionId, String serverNonce, long expiresIn) {}

    record SessionAcknowledged(String sessionToken, long idleTimeoutSeconds, boolean resumed) {}

    record Credentials(String username, String password) {}

    record AccountAnswer(String userId, String username, String sessionToken) {}

    /** @param expiresAt ISO-8601, or {@code null} (left out): the share never ends */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ShareTerms(String permission, String expiresAt) {}

    /** A new link: what it points at and its terms, each left out when not given. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record LinkTerms(
            String fileId, String folderId, String expiresAt, String password, Integer maxDownloads, String label) {}

    /** A new folder in {@code parentId} ({@code root} for the root folder). */
    record NewFolder(String name, String parentId) {}

    /** A file's new name and/or folder, each left out when it stays. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record FileMove(String name, String folderId) {}

    /** A folder's new name and/or parent, each left out when it stays. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record FolderMove(String name, String parentId) {}

    /** A page of the owner's links, newest first; {@code next} is absent on the last. */
    record LinkPage(List<LinkView> items, String next) {}

    /** A page of a link's downloads, newest first; {@code next} is absent on the last. */
    record DownloadPage(List<LinkDownload> items, Long next) {}

    /** One page of a cursor-paged listing; {@code nextCursor} is null on the last. */
    record CursorPage<T>(List<T> items, String nextCursor) {}
}
