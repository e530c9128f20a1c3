package dev.filesys.file.files;

import dev.filesys.file.sessions.CurrentUser;
import dev.filesys.support.PathIds;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Download links: a browser starts a download by navigating to a URL, and cannot add the session header to that
 * request. So a logged-in client asks for a short-lived link to one file, and {@code GET …/content?link=<token>} takes
 * the link instead of the header, with every download feature (Range, If-Range, If-None-Match, HEAD) as usual. The
 * session token never goes into a URL; the link's token is good for that one file, for a minute.
 */
@Tag(name = "Files")
@RestController
@RequestMapping("/api/v1/files/{fileId}")
class DownloadLinkController {

    static final String LINK = "link";

    private final FileService files;
    private final DownloadResponder downloads;
    private final DownloadLinks links;

    DownloadLinkController(FileService files, DownloadResponder downloads, DownloadLinks links) {
        this.files = files;
        this.downloads = downloads;
        this.links = links;
    }

    @Operation(
            operationId = "createDownloadLink",
            summary = "A download link",
            description = "A URL that downloads this file for you without the Authorization header, for a browser's"
                    + " navigation; it works for filesys.download-links.ttl (60 s), at this server only.",
            security = @SecurityRequirement(name = "sessionToken"))
    @ApiResponse(responseCode = "201", description = "The link")
    @ApiResponse(responseCode = "401", description = CurrentUser.REFUSALS)
    @ApiResponse(responseCode = "404", description = "FILE_NOT_FOUND: not yours and not shared with you")
    @PostMapping("/download-links")
    ResponseEntity<DownloadLinkView> downloadLink(CurrentUser user, @PathVariable String fileId) {
        UUID id = PathIds.parse(fileId, FileNotFound::noSuchFile);
        files.find(user.userId(), id);
        DownloadLinks.Issued issued = links.issue(user.userId(), id);
        String path = "/api/v1/files/" + id + "/content?" + LINK + "=" + issued.token();
        URI url = URI.create(
                ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString() + path);
        return ResponseEntity.created(url)
                .cacheControl(CacheControl.noStore())
                .body(new DownloadLinkView(url.toString(), path, issued.expiresAt()));
    }

    /** The content for a link's holder; the link's user must still be able to see the file. */
    @Operation(
            hidden = true, // in the description as downloadFile's other security scheme, the link
            summary = "Download a file with a download link",
            description = "As GET /api/v1/files/{fileId}/content, with ?link= instead of the Authorization header.")
    @ApiResponse(
            responseCode = "200",
            description = "The content",
            content = @Content(mediaType = "*/*", schema = @Schema(type = "string", format = "binary")))
    @ApiResponse(responseCode = "206", description = "The requested range")
    @ApiResponse(responseCode = "403", description = "INVALID_DOWNLOAD_LINK, DOWNLOAD_LINK_EXPIRED")
    @ApiResponse(responseCode = "404", description = "FILE_NOT_FOUND: no longer yours or shared with you")
    @GetMapping(path = "/content", params = LINK)
    void downloadWithLink(
            @PathVariable String fileId,
            @Parameter(description = "the token of a download link") @RequestParam(LINK) String link,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        UUID id = PathIds.parse(fileId, FileNotFound::noSuchFile);
        UUID user = links.verify(link, id);
        downloads.send(files.find(user, id), request, response);
    }
}
