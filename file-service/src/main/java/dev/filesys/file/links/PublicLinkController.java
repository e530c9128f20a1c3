package dev.filesys.file.links;

import dev.filesys.file.files.LinkedContent;
import dev.filesys.support.ApiError;
import dev.filesys.support.PathIds;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.WebUtils;

/**
 * The holder's side of public links, without an account or a session: {@code GET/HEAD /l/{token}} is a file link's
 * content (Range, If-Range, If-None-Match as for any download) or a folder link's listing, {@code ?fileId=} a file
 * under a linked folder, and {@code POST /l/{token}/unlock} trades a password-protected link's password for a
 * short-lived access token (also set as a cookie). A link only ever reads.
 */
@Tag(name = "Public links", description = "Reading through a link, without an account")
@RestController
@RequestMapping("/l/{token}")
class PublicLinkController {

    static final String ACCESS_HEADER = "X-Link-Access";
    static final String ACCESS_PARAMETER = "access";
    private static final String COOKIE_PREFIX = "filesys_link_";
    private static final String GONE =
            "LINK_NOT_FOUND: unknown, revoked, expired or used up, or its file or folder is" + " gone (all alike)";

    private final LinkService links;
    private final LinkedContent content;

    PublicLinkController(LinkService links, LinkedContent content) {
        this.links = links;
        this.content = content;
    }

    /** The body of {@code POST /l/{token}/unlock}. */
    record Unlock(@Nullable String password) {}

    /** The access token of a password-protected link. */
    record AccessView(String accessToken, java.time.Instant expiresAt) {}

    @Operation(
            operationId = "openLink",
            summary = "Open a link",
            description = "A file link: the file's content, with Range and If-Range (resume), If-None-Match and HEAD;"
                    + " every GET that sends content counts as one download (a range too). A folder link: the"
                    + " files under the folder at any depth, by path (pages of limit, after the previous page's"
                    + " next); ?fileId= downloads one of them. With ?info, a file (a file link's, or ?fileId='s) is"
                    + " described as JSON instead of sent (name, size, type, label, expiry; counts nothing); a folder"
                    + " link answers its listing either way. A password-protected link needs the access token"
                    + " from /unlock: its cookie, the X-Link-Access header or ?access=.")
    @ApiResponse(
            responseCode = "200",
            description = "The file's content, the folder's listing, or with ?info the file's description",
            content = {
                @Content(mediaType = "*/*", schema = @Schema(type = "string", format = "binary")),
                @Content(
                        mediaType = MediaType.APPLICATION_JSON_VALUE,
                        schema = @Schema(oneOf = {Pages.FolderListing.class, Pages.FileInfo.class}))
            })
    @ApiResponse(responseCode = "206", description = "The requested range")
    @ApiResponse(responseCode = "304", description = "If-None-Match matched")
    @ApiResponse(responseCode = "400", description = "INVALID_REQUEST: limit outside 1..1000")
    @ApiResponse(responseCode = "401", description = "LINK_PASSWORD_REQUIRED: unlock it first")
    @ApiResponse(responseCode = "404", description = GONE)
    @ApiResponse(responseCode = "416", description = "RANGE_NOT_SATISFIABLE")
    @ApiResponse(
            responseCode = "429",
            description = "RATE_LIMITED: too many requests for links that do not exist from your address",
            headers = @Header(name = "Retry-After", description = "seconds", schema = @Schema(type = "integer")))
    @GetMapping
    @Nullable
    ResponseEntity<?> open(
            @PathVariable String token,
            @Parameter(description = "a folder link: the file under it to download")
                    @RequestParam(required = false)
                    @Nullable
                    String fileId,
            @Parameter(
                            description = "present (any value): describe the file as JSON instead of sending it;"
                                    + " counts no download")
                    @RequestParam(required = false)
                    @Nullable
                    String info,
            @Parameter(description = "a folder link's listing: the path after which the page starts")
                    @RequestParam(required = false)
                    @Nullable
                    String after,
            @Parameter(description = "a folder link's listing: 1 to 1000, default 1000")
                    @RequestParam(required = false)
                    @Nullable
                    String limit,
            @Parameter(description = "a password-protected link's access token")
                    @RequestParam(name = ACCESS_PARAMETER, required = false)
                    @Nullable
                    String accessParameter,
            @Parameter(description = "a password-protected link's access token")
                    @RequestHeader(name = ACCESS_HEADER, required = false)
                    @Nullable
                    String accessHeader,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        String address = request.getRemoteAddr();
        Link link = links.open(token, address);
        links.requireAccess(link, access(link, accessHeader, accessParameter, request));
        if (link.fileId() != null) {
            if (fileId != null && !fileId.equals(link.fileId().toString())) {
                throw links.miss(address);
            }
            if (info != null) {
                return describe(link, link.fileId(), null, address);
            }
            send(link, link.fileId(), null, request, response);
            return null;
        }
        UUID folder = link.folderId();
        String name = links.folderName(link).orElseThrow(() -> links.miss(address));
        if (fileId != null) {
            UUID id = PathIds.parse(fileId, () -> links.miss(address));
            if (info != null) {
                return describe(link, id, folder, address);
            }
            send(link, id, folder, request, response);
            return null;
        }
        int size = limit == null ? LinkedContent.MAX_PAGE : Pages.limit(limit);
        List<LinkedContent.Item> items = content.listUnder(folder, after == null ? "" : after, size + 1);
        List<LinkedContent.Item> page = items.stream().limit(size).toList();
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .body(new Pages.FolderListing(
                        "folder",
                        name,
                        link.label(),
                        link.expiresAt(),
                        page,
                        items.size() > size ? page.getLast().path() : null));
    }

    private ResponseEntity<Pages.FileInfo> describe(Link link, UUID fileId, @Nullable UUID folder, String address) {
        LinkedContent.LinkedFile file = content.describe(fileId, folder).orElseThrow(() -> links.miss(address));
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .body(new Pages.FileInfo(
                        "file",
                        file.fileId(),
                        file.name(),
                        file.size(),
                        file.contentType(),
                        file.updatedAt(),
                        link.label(),
                        link.expiresAt()));
    }

    private void send(
            Link link, UUID fileId, @Nullable UUID folder, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        String address = request.getRemoteAddr();
        boolean sent = content.send(
                fileId, folder, request, response, (id, name, bytes) -> links.count(link, id, name, bytes, address));
        if (!sent) {
            throw links.miss(address);
        }
    }

    @Operation(
            operationId = "unlockLink",
            summary = "Give a link's password",
            description = "For a password-protected link: the right password gives an access token for this link (for"
                    + " filesys.links.access-ttl, 15 minutes), also set as a cookie. Wrong passwords are throttled"
                    + " per link and per address as logins are.")
    @ApiResponse(responseCode = "200", description = "The access token")
    @ApiResponse(
            responseCode = "400",
            description = "INVALID_LINK_REQUEST: the link has no password, or no password given; MALFORMED_REQUEST")
    @ApiResponse(responseCode = "401", description = "INVALID_LINK_PASSWORD")
    @ApiResponse(responseCode = "404", description = GONE)
    @ApiResponse(
            responseCode = "429",
            description = "TOO_MANY_ATTEMPTS: too many wrong passwords for this link or from your address;"
                    + " RATE_LIMITED: too many requests for links that do not exist",
            headers = @Header(name = "Retry-After", description = "seconds", schema = @Schema(type = "integer")))
    @ApiResponse(responseCode = "503", description = "SERVER_BUSY: every password-hashing thread is busy")
    @PostMapping(path = "/unlock", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<AccessView> unlock(
            @PathVariable String token, @RequestBody Unlock body, HttpServletRequest request) {
        String address = request.getRemoteAddr();
        Link link = links.open(token, address);
        if (body.password() == null) {
            throw ApiError.INVALID_LINK_REQUEST.exception("Give the link's password: {\"password\": \"…\"}.");
        }
        LinkService.Access access = links.unlock(link, body.password(), address);
        ResponseCookie cookie = ResponseCookie.from(cookieName(link), access.token())
                .path("/")
                .httpOnly(true)
                .secure(request.isSecure())
                .sameSite("Lax")
                .maxAge(access.lifetime())
                .build();
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .header(HttpHeaders.SET_COOKIE, cookie.toString())
                .body(new AccessView(access.token(), access.expiresAt()));
    }

    private static @Nullable String access(
            Link link, @Nullable String header, @Nullable String parameter, HttpServletRequest request) {
        String given = header != null ? header : parameter;
        if (given != null) {
            return given;
        }
        Cookie cookie = WebUtils.getCookie(request, cookieName(link));
        return cookie == null ? null : cookie.getValue();
    }

    /** One cookie per link (a browser may hold several links' at once), for every path: each server has its own. */
    private static String cookieName(Link link) {
        return COOKIE_PREFIX + link.id().toString().replace("-", "");
    }
}
