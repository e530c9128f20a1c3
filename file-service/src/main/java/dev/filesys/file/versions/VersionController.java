package dev.filesys.file.versions;

import dev.filesys.file.files.DownloadResponder;
import dev.filesys.file.files.FileNotFound;
import dev.filesys.file.files.FileView;
import dev.filesys.file.paging.Page;
import dev.filesys.file.paging.PageRequest;
import dev.filesys.file.paging.PageSort;
import dev.filesys.file.sessions.CurrentUser;
import dev.filesys.support.PathIds;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A file's earlier contents: list (newest first, cursor-paged), download, restore. Readers of a file may list and
 * download its versions; only its owner restores one.
 */
@Tag(name = "Versions", description = "A file's earlier contents, kept by every overwrite")
@RestController
@RequestMapping("/api/v1/files/{fileId}/versions")
class VersionController {

    private final VersionService versions;
    private final DownloadResponder downloads;

    VersionController(VersionService versions, DownloadResponder downloads) {
        this.versions = versions;
        this.downloads = downloads;
    }

    @Operation(
            operationId = "listVersions",
            summary = "A file's earlier contents",
            description = "The current content is the file itself. Cursor-paged (keyset, stable under concurrent"
                    + " changes): limit 1-1000 (default 100); cursor from the previous page's nextCursor (absent on"
                    + " the last); sort replacedAt|createdAt|size with ,asc or ,desc (default replacedAt,desc: newest"
                    + " first).",
            security = @SecurityRequirement(name = "sessionToken"))
    @ApiResponse(responseCode = "200", description = "One page: {items, nextCursor?}")
    @ApiResponse(responseCode = "400", description = "INVALID_LIMIT, INVALID_CURSOR, INVALID_SORT")
    @ApiResponse(responseCode = "401", description = CurrentUser.REFUSALS)
    @ApiResponse(responseCode = "404", description = "FILE_NOT_FOUND: not yours and not shared with you")
    @GetMapping
    Page<VersionView> list(
            CurrentUser user,
            @PathVariable String fileId,
            @Parameter(description = "1-1000, default 100") @RequestParam(required = false) @Nullable String limit,
            @RequestParam(required = false) @Nullable String cursor,
            @RequestParam(required = false) @Nullable String sort) {
        PageSort order = PageSort.parse(sort, VersionService.DEFAULT_SORT, VersionService.SORT_FIELDS);
        return versions.list(user.userId(), file(fileId), PageRequest.of(limit, cursor, order));
    }

    @Operation(
            operationId = "downloadVersion",
            summary = "Download an earlier content",
            description = "As a file's download: ETag is the quoted SHA-256; If-None-Match, one Range and If-Range are"
                    + " honoured; HEAD gives the headers only.",
            security = @SecurityRequirement(name = "sessionToken"))
    @ApiResponse(
            responseCode = "200",
            description = "The content",
            content = @Content(mediaType = "*/*", schema = @Schema(type = "string", format = "binary")))
    @ApiResponse(responseCode = "206", description = "The requested range")
    @ApiResponse(responseCode = "304", description = "If-None-Match matched")
    @ApiResponse(responseCode = "401", description = CurrentUser.REFUSALS)
    @ApiResponse(responseCode = "404", description = "FILE_NOT_FOUND, VERSION_NOT_FOUND")
    @ApiResponse(responseCode = "416", description = "RANGE_NOT_SATISFIABLE, with Content-Range: bytes */size")
    @ApiResponse(responseCode = "500", description = "BLOB_CORRUPTED, BLOB_MISSING")
    @GetMapping("/{versionId}/content")
    void download(
            CurrentUser user,
            @PathVariable String fileId,
            @PathVariable String versionId,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        downloads.send(versions.content(user.userId(), file(fileId), version(versionId)), request, response);
    }

    @Operation(
            operationId = "restoreVersion",
            summary = "Restore an earlier content",
            description = "Owner only. The version becomes the file's content as a new change (the file's version"
                    + " grows by one); the content it replaces is kept as a version. With If-Match, only if the"
                    + " file's ETag still matches.",
            security = @SecurityRequirement(name = "sessionToken"),
            parameters =
                    @Parameter(
                            name = HttpHeaders.IF_MATCH,
                            in = ParameterIn.HEADER,
                            description = "the file's ETag as you read it, e.g. \"3\""))
    @ApiResponse(responseCode = "200", description = "The file, with the restored content; ETag is its new version")
    @ApiResponse(responseCode = "401", description = CurrentUser.REFUSALS)
    @ApiResponse(responseCode = "403", description = "NOT_OWNER: it is shared with you, not yours")
    @ApiResponse(responseCode = "404", description = "FILE_NOT_FOUND, VERSION_NOT_FOUND")
    @ApiResponse(
            responseCode = "412",
            description = "PRECONDITION_FAILED: If-Match does not match; ETag is the current version")
    @ApiResponse(responseCode = "507", description = "QUOTA_EXCEEDED")
    @PostMapping("/{versionId}/restore")
    ResponseEntity<FileView> restore(
            CurrentUser user, @PathVariable String fileId, @PathVariable String versionId, HttpServletRequest request) {
        FileView file = versions.restore(
                user.userId(), file(fileId), version(versionId), request.getHeader(HttpHeaders.IF_MATCH));
        return ResponseEntity.ok().body(file);
    }

    private static UUID file(String fileId) {
        return PathIds.parse(fileId, FileNotFound::noSuchFile);
    }

    private static UUID version(String versionId) {
        return PathIds.parse(versionId, VersionService::notFound);
    }
}
