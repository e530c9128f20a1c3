package dev.filesys.file.links;

import dev.filesys.file.sessions.CurrentUser;
import dev.filesys.support.ApiError;
import dev.filesys.support.PathIds;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** The owner's side of public links: create, list, read, change, revoke, and read the download record. */
@Tag(name = "Links", description = "Public links: a file or folder for anyone who holds the link")
@RestController
@RequestMapping("/api/v1/links")
class LinkController {

    private static final String NOT_FOUND = "LINK_NOT_FOUND: no link of yours has that id";

    private final LinkService links;

    LinkController(LinkService links) {
        this.links = links;
    }

    @Operation(
            operationId = "createLink",
            summary = "Create a public link",
            description = "For your file (fileId) or folder (folderId): anyone with the link reads it, without an"
                    + " account, until expiresAt (default and maximum: filesys.links.default-expiry, 7 days, and"
                    + " max-expiry, 90 days), optionally only with a password and for maxDownloads downloads. The"
                    + " answer holds the token and url once; they are never shown again.",
            security = @SecurityRequirement(name = "sessionToken"))
    @ApiResponse(responseCode = "201", description = "The link, with its token and url")
    @ApiResponse(
            responseCode = "400",
            description = "INVALID_LINK_REQUEST (not exactly one of fileId and folderId, maxDownloads outside"
                    + " 1..1000000, label over 200 characters), INVALID_EXPIRY, INVALID_PASSWORD (empty or over 1024"
                    + " characters), MALFORMED_REQUEST")
    @ApiResponse(responseCode = "401", description = CurrentUser.REFUSALS)
    @ApiResponse(responseCode = "404", description = "LINK_TARGET_NOT_FOUND: no file or folder of yours has that id")
    @PostMapping
    ResponseEntity<LinkView> create(CurrentUser user, @RequestBody LinkRequest request) {
        LinkView created = links.create(user.userId(), request);
        return ResponseEntity.created(URI.create("/api/v1/links/" + created.linkId()))
                .cacheControl(CacheControl.noStore())
                .body(created);
    }

    @Operation(
            operationId = "listLinks",
            summary = "Your links",
            description = "Newest first, revoked and expired ones included; pass the answer's next as after for the"
                    + " following page.",
            security = @SecurityRequirement(name = "sessionToken"))
    @ApiResponse(responseCode = "200", description = "A page of links")
    @ApiResponse(responseCode = "400", description = "INVALID_REQUEST: limit outside 1..1000, after not a link id")
    @ApiResponse(responseCode = "401", description = CurrentUser.REFUSALS)
    @GetMapping
    Pages.LinkPage list(
            CurrentUser user,
            @Parameter(description = "the last link of the previous page") @RequestParam(required = false) @Nullable
                    String after,
            @Parameter(description = "1 to 1000, default 50") @RequestParam(required = false) @Nullable String limit) {
        UUID cursor = after == null
                ? null
                : PathIds.parse(
                        after,
                        () -> ApiError.INVALID_REQUEST.exception("after must be a link id from a previous page."));
        return links.page(user.userId(), cursor, Pages.limit(limit));
    }

    @Operation(
            operationId = "getLink",
            summary = "One of your links",
            security = @SecurityRequirement(name = "sessionToken"))
    @ApiResponse(responseCode = "200", description = "The link")
    @ApiResponse(responseCode = "401", description = CurrentUser.REFUSALS)
    @ApiResponse(responseCode = "404", description = NOT_FOUND)
    @GetMapping("/{linkId}")
    LinkView get(CurrentUser user, @PathVariable String linkId) {
        return links.get(user.userId(), id(linkId));
    }

    @Operation(
            operationId = "updateLink",
            summary = "Change a link",
            description = "A JSON merge patch of expiresAt (null: the default expiry from now), password (null: none),"
                    + " maxDownloads (null: no limit) and label; fields left out stay. A revoked link cannot change.",
            security = @SecurityRequirement(name = "sessionToken"))
    @ApiResponse(responseCode = "200", description = "The link as it is now")
    @ApiResponse(
            responseCode = "400",
            description = "INVALID_LINK_REQUEST, INVALID_EXPIRY, INVALID_PASSWORD, MALFORMED_REQUEST")
    @ApiResponse(responseCode = "401", description = CurrentUser.REFUSALS)
    @ApiResponse(responseCode = "404", description = "LINK_NOT_FOUND: no link of yours has that id, or it is revoked")
    @PatchMapping(
            path = "/{linkId}",
            consumes = {"application/merge-patch+json", "application/json"})
    LinkView update(
            CurrentUser user,
            @PathVariable String linkId,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            description = "any of expiresAt, password, maxDownloads, label")
                    @RequestBody
                    JsonNode patch) {
        UUID id = id(linkId);
        if (!patch.isObject()) {
            throw ApiError.INVALID_LINK_REQUEST.exception("The body must be a JSON object.");
        }
        for (String name : patch.propertyNames()) {
            if (!java.util.Set.of("expiresAt", "password", "maxDownloads", "label")
                    .contains(name)) {
                throw ApiError.INVALID_LINK_REQUEST.exception("A link has no changeable field " + name + ".");
            }
        }
        LinkService.Changes changes = new LinkService.Changes(
                patch.has("expiresAt"),
                instant(patch.get("expiresAt")),
                patch.has("password"),
                text(patch.get("password"), "password"),
                patch.has("maxDownloads"),
                integer(patch.get("maxDownloads")),
                patch.has("label"),
                text(patch.get("label"), "label"));
        return links.update(user.userId(), id, changes);
    }

    @Operation(
            operationId = "revokeLink",
            summary = "Revoke a link",
            description = "It stops working at once; it stays in your list (revoked) with its download record."
                    + " Revoking a revoked link is no error.",
            security = @SecurityRequirement(name = "sessionToken"))
    @ApiResponse(responseCode = "204", description = "Revoked")
    @ApiResponse(responseCode = "401", description = CurrentUser.REFUSALS)
    @ApiResponse(responseCode = "404", description = NOT_FOUND)
    @DeleteMapping("/{linkId}")
    ResponseEntity<Void> revoke(CurrentUser user, @PathVariable String linkId) {
        links.revoke(user.userId(), id(linkId));
        return ResponseEntity.noContent().build();
    }

    @Operation(
            operationId = "listLinkDownloads",
            summary = "A link's download record",
            description = "Every download through the link, newest first: when, which file, to which client address,"
                    + " how many bytes; pass the answer's next as before for the following page.",
            security = @SecurityRequirement(name = "sessionToken"))
    @ApiResponse(responseCode = "200", description = "A page of downloads")
    @ApiResponse(responseCode = "400", description = "INVALID_REQUEST: limit outside 1..1000, before not a number")
    @ApiResponse(responseCode = "401", description = CurrentUser.REFUSALS)
    @ApiResponse(responseCode = "404", description = NOT_FOUND)
    @GetMapping("/{linkId}/downloads")
    Pages.DownloadPage downloads(
            CurrentUser user,
            @PathVariable String linkId,
            @Parameter(description = "the last download of the previous page") @RequestParam(required = false) @Nullable
                    String before,
            @Parameter(description = "1 to 1000, default 50") @RequestParam(required = false) @Nullable String limit) {
        UUID id = id(linkId);
        Long cursor = null;
        if (before != null) {
            try {
                cursor = Long.parseLong(before);
            } catch (NumberFormatException e) {
                throw ApiError.INVALID_REQUEST.exception("before must be a download's id from a previous page.");
            }
        }
        return links.downloads(user.userId(), id, cursor, Pages.limit(limit));
    }

    private static UUID id(String linkId) {
        return PathIds.parse(linkId, LinkService::notFound);
    }

    private static @Nullable Instant instant(@Nullable JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            throw ApiError.INVALID_EXPIRY.exception("expiresAt must be an RFC 3339 date-time or null.");
        }
        try {
            return Instant.parse(node.asString());
        } catch (DateTimeParseException e) {
            throw ApiError.INVALID_EXPIRY.exception(
                    "expiresAt must be an RFC 3339 date-time, e.g. 2030-01-01T00:00:00Z.");
        }
    }

    private static @Nullable Integer integer(@Nullable JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw ApiError.INVALID_LINK_REQUEST.exception("maxDownloads must be a whole number or null.");
        }
        return node.intValue();
    }

    private static @Nullable String text(@Nullable JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            throw ApiError.INVALID_LINK_REQUEST.exception(field + " must be a string or null.");
        }
        return node.asString();
    }
}
