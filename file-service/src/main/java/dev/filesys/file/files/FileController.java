package dev.filesys.file.files;

import dev.filesys.file.paging.Page;
import dev.filesys.file.paging.PageRequest;
import dev.filesys.file.sessions.CurrentUser;
import dev.filesys.support.ApiError;
import dev.filesys.support.IfMatch;
import dev.filesys.support.Links;
import dev.filesys.support.PathIds;
import io.swagger.v3.oas.annotations.Hidden;
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
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The files API: simple upload (raw body, by POST or PUT), download, metadata, listing and deletion. Every operation
 * answers {@code 404 FILE_NOT_FOUND} for a file the caller neither owns nor was shared.
 */
@Tag(name = "Files", description = "Uploading, listing, downloading and deleting files")
@RestController
@RequestMapping("/api/v1/files")
class FileController {

    private final FileService files;
    private final DownloadResponder downloads;

    FileController(FileService files, DownloadResponder downloads) {
        this.files = files;
        this.downloads = downloads;
    }

    /**
     * {@code POST /api/v1/files?name=…[&overwrite=true][&folderId=…|&path=/a/b/c.pdf]} with the file's bytes as the
     * raw body: 201 with the new file, or 200 when {@code overwrite=true} replaced the content of the caller's file of
     * that name in that folder (same id).
     */
    @Operation(
            operationId = "uploadFile",
            summary = "Upload a file",
            description = "The raw request body is the file (no multipart), streamed to disk and hashed; its"
                    + " Content-Type is stored and served back (default application/octet-stream)."
                    + " An optional X-Checksum-SHA256 (hex or base64) must match or nothing is stored."
                    + " The same upload is also PUT /api/v1/files/{name} (what curl -T sends), which replaces a"
                    + " file of that name (200) unless If-None-Match: * is given (412 NAME_TAKEN); its path may"
                    + " name folders (PUT /api/v1/files/reports/2026/q3.pdf), created when missing, as by path here."
                    + " If-Match with the version (ETag) you saw makes an overwrite replace only that version.",
            security = @SecurityRequirement(name = "sessionToken"),
            parameters = {
                @Parameter(
                        name = "name",
                        in = ParameterIn.QUERY,
                        required = true,
                        description = "1-255 bytes of UTF-8 after NFC; no / \\ NUL, control or bidi-override"
                                + " characters; not . or .."),
                @Parameter(
                        name = "overwrite",
                        in = ParameterIn.QUERY,
                        description = "true replaces the content of your file of that name, keeping its id"),
                @Parameter(
                        name = "folderId",
                        in = ParameterIn.QUERY,
                        description = "the folder it goes into (default: your root folder)"),
                @Parameter(
                        name = "path",
                        in = ParameterIn.QUERY,
                        description = "instead of name (and folderId): where it goes, /reports/2026/q3.pdf; missing"
                                + " folders on the way are created"),
                @Parameter(
                        name = "If-Match",
                        in = ParameterIn.HEADER,
                        description = "the ETag of the file an overwrite replaces; another version is 412"),
                @Parameter(
                        name = ExpectedDigest.HEADER,
                        in = ParameterIn.HEADER,
                        description = "the body's SHA-256, 64 hex digits or base64")
            },
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            content =
                                    @Content(mediaType = "*/*", schema = @Schema(type = "string", format = "binary"))))
    @ApiResponse(responseCode = "201", description = "Stored as a new file")
    @ApiResponse(responseCode = "200", description = "overwrite=true replaced your file of that name (same id)")
    @ApiResponse(
            responseCode = "400",
            description =
                    "INVALID_NAME, INVISIBLE_CHARACTER_IN_NAME, INVALID_PATH, FOLDER_TOO_DEEP, INVALID_CHECKSUM,"
                            + " CHECKSUM_MISMATCH, INVALID_CONTENT_TYPE, INVALID_REQUEST, UPLOAD_INCOMPLETE; nothing was stored")
    @ApiResponse(responseCode = "401", description = CurrentUser.REFUSALS)
    @ApiResponse(
            responseCode = "408",
            description =
                    "UPLOAD_TIMEOUT: the body stalled or took too long; UPLOAD_TOO_SLOW: it arrived below the minimum rate")
    @ApiResponse(responseCode = "404", description = "FOLDER_NOT_FOUND: folderId names no folder of yours")
    @ApiResponse(
            responseCode = "409",
            description = "NAME_TAKEN: send overwrite=true to replace it (a folder of that name is never replaced)")
    @ApiResponse(
            responseCode = "412",
            description = "PRECONDITION_FAILED: If-Match is not the file's version (its ETag is the current one), or"
                    + " there is no file of that name")
    @ApiResponse(responseCode = "413", description = "FILE_TOO_LARGE")
    @ApiResponse(responseCode = "500", description = "STORAGE_ERROR")
    @ApiResponse(responseCode = "507", description = "QUOTA_EXCEEDED, FILE_COUNT_EXCEEDED, STORAGE_FULL")
    @PostMapping
    ResponseEntity<FileView> upload(CurrentUser user, HttpServletRequest request) throws IOException {
        Map<String, String> query = QueryParameters.parse(request.getQueryString());
        String name = query.get("name");
        FileService.Place place;
        if (query.containsKey("path")) {
            if (name != null || query.containsKey("folderId")) {
                throw ApiError.INVALID_REQUEST.exception("Give either path, or name (and folderId), not both.");
            }
            List<String> levels = FilePaths.parse(query.get("path"));
            if (levels.isEmpty()) {
                throw ApiError.INVALID_PATH.exception("The path names your root folder, not a file.");
            }
            name = levels.getLast();
            place = new FileService.Place(null, levels.subList(0, levels.size() - 1));
        } else {
            place = new FileService.Place(folderId(query.get("folderId")), null);
        }
        FileService.SimpleUpload upload = new FileService.SimpleUpload(
                name,
                QueryParameters.flag(query, "overwrite"),
                request.getContentType(),
                request.getContentLengthLong(),
                request.getHeader(ExpectedDigest.HEADER),
                place,
                IfMatch.parse(request.getHeader(HttpHeaders.IF_MATCH)));
        return answer(files.upload(user.userId(), upload, request.getInputStream()));
    }

    /** A {@code folderId} query parameter: null when absent, {@code FOLDER_NOT_FOUND} when it is no id. */
    private static @Nullable UUID folderId(@Nullable String value) {
        return value == null || value.equals("root") ? null : PathIds.parse(value, FolderNotFound::noSuchFolder);
    }

    /**
     * {@code PUT /api/v1/files/{name}} with the file's bytes as the raw body, as {@code curl -T report.pdf URL/} sends
     * it (curl appends the local file's name, percent-encoded, to a URL that ends in {@code /}): the same upload as
     * {@code POST}, with the name in the path. A PUT replaces what is at its URL, as in S3 and WebDAV, so an existing
     * file of that name gets the new content (200, same id and shares), unless {@code If-None-Match: *} asked only to
     * create (412 {@code NAME_TAKEN}).
     *
     * <p>Left out of the OpenAPI description: {@code /api/v1/files/{name}} and {@code /api/v1/files/{fileId}} differ
     * only in the name of their variable, which OpenAPI calls identical paths and linters refuse. The POST upload's
     * description points here instead.
     */
    @Hidden
    @PutMapping("/{*path}")
    ResponseEntity<FileView> put(CurrentUser user, @PathVariable String path, HttpServletRequest request)
            throws IOException, HttpRequestMethodNotSupportedException {
        if (path.equals("/") || path.isEmpty()) {
            throw new InvalidName("The URL names no file: PUT /api/v1/files/<name>. curl -T appends the local file's"
                    + " name to a URL that ends in /, but not when it reads standard input (-T -).");
        }
        boolean createOnly = createOnly(request);
        List<String> levels = path.indexOf('/', 1) < 0 ? List.of(path.substring(1)) : FilePaths.parse(path);
        if (levels.size() > 1 && isFileId(levels.getFirst())) {
            // /api/v1/files/{fileId}/… are the API's own resources (content, shares, versions), which PUT does not
            // write: 405 as for any method they do not take, never a folder named after a file id
            throw new HttpRequestMethodNotSupportedException("PUT");
        }
        FileService.SimpleUpload upload = new FileService.SimpleUpload(
                levels.getLast(),
                !createOnly,
                request.getContentType(),
                request.getContentLengthLong(),
                request.getHeader(ExpectedDigest.HEADER),
                levels.size() == 1
                        ? FileService.Place.ROOT
                        : new FileService.Place(null, levels.subList(0, levels.size() - 1)),
                IfMatch.parse(request.getHeader(HttpHeaders.IF_MATCH)));
        try {
            return answer(files.upload(user.userId(), upload, request.getInputStream()));
        } catch (NameTaken e) {
            throw NameTaken.preconditionFailed(
                    "You already have a file of that name, and If-None-Match: * asked not to replace it;"
                            + " nothing was stored.");
        }
    }

    /**
     * Whether a PUT may only create: {@code If-None-Match: *}. Any other {@code If-None-Match} is refused rather than
     * ignored, since ignoring it could replace a file the client meant to keep; {@code If-Match} (replace only that
     * version) is the upload's own business.
     */
    private static boolean isFileId(String level) {
        try {
            return UUID.fromString(level).toString().equalsIgnoreCase(level);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean createOnly(HttpServletRequest request) {
        String ifNoneMatch = request.getHeader(HttpHeaders.IF_NONE_MATCH);
        if (ifNoneMatch == null) {
            return false;
        }
        if (ifNoneMatch.strip().equals("*")) {
            return true;
        }
        throw ApiError.INVALID_REQUEST.exception("If-None-Match on an upload takes only * (create, never replace).");
    }

    /** 201 with the new file, or 200 when an existing one got the new content; Location is the file either way. */
    private static ResponseEntity<FileView> answer(FileService.Stored stored) {
        URI location = Links.to("/api/v1/files/" + stored.file().fileId());
        return stored.created()
                ? ResponseEntity.created(location).eTag(stored.file().etag()).body(stored.file())
                : ResponseEntity.ok()
                        .location(location)
                        .eTag(stored.file().etag())
                        .body(stored.file());
    }

    /** {@code GET /api/v1/files?scope=owned|shared|all&limit=100&cursor=…&sort=name|createdAt|updatedAt|size[,asc|desc]}. */
    @Operation(
            operationId = "listFiles",
            summary = "List files",
            description = "Files you own, files shared with you (unexpired shares), or both, one page at a time: at"
                    + " most limit items, sorted by name (code-point order), createdAt, updatedAt or size, and a"
                    + " nextCursor to send as cursor for the next page (absent on the last). Pages are keyset-based:"
                    + " a file added or removed meanwhile never repeats or skips another. A cursor is good only for"
                    + " the listing (user, scope, sort) it came from.",
            security = @SecurityRequirement(name = "sessionToken"))
    @ApiResponse(responseCode = "200", description = "One page")
    @ApiResponse(responseCode = "400", description = "INVALID_SCOPE, INVALID_SORT, INVALID_LIMIT, INVALID_CURSOR")
    @ApiResponse(responseCode = "401", description = CurrentUser.REFUSALS)
    @GetMapping
    Page<FileView> list(
            CurrentUser user,
            @RequestParam(required = false) String scope,
            @Parameter(
                            description = "Items per page, 1 to 1000",
                            schema = @Schema(type = "integer", defaultValue = "100"))
                    @RequestParam(required = false)
                    String limit,
            @Parameter(description = "The nextCursor of the page before; absent for the first page")
                    @RequestParam(required = false)
                    String cursor,
            @Parameter(description = "name, createdAt, updatedAt or size, optionally followed by ,asc or ,desc")
                    @RequestParam(required = false)
                    String sort) {
        FileScope parsedScope = FileScope.parse(scope);
        return files.list(user.userId(), parsedScope, PageRequest.parse(limit, cursor, sort));
    }

    @Operation(
            operationId = "getFile",
            summary = "A file's metadata",
            description = "For the owner also the list of unexpired shares.",
            security = @SecurityRequirement(name = "sessionToken"))
    @ApiResponse(responseCode = "200", description = "The file")
    @ApiResponse(responseCode = "401", description = CurrentUser.REFUSALS)
    @ApiResponse(responseCode = "404", description = "FILE_NOT_FOUND: not yours and not shared with you")
    @GetMapping("/{fileId}")
    ResponseEntity<FileView> describe(CurrentUser user, @PathVariable String fileId) {
        FileView file = files.describe(user.userId(), PathIds.parse(fileId, FileNotFound::noSuchFile));
        return ResponseEntity.ok().eTag(file.etag()).body(file);
    }

    /** {@code PATCH /api/v1/files/{fileId}} with {@code {"name"?, "folderId"?}}: rename, move, or both. */
    @Operation(
            operationId = "moveFile",
            summary = "Rename or move a file",
            description = "Owner only. name renames it, folderId moves it to another of your folders; one row update"
                    + " either way, and a new version. With If-Match, only the version you saw is changed.",
            security = @SecurityRequirement(name = "sessionToken"))
    @ApiResponse(responseCode = "200", description = "The file as it is now; ETag is its version")
    @ApiResponse(
            responseCode = "400",
            description = "INVALID_NAME, INVISIBLE_CHARACTER_IN_NAME, MALFORMED_REQUEST; nothing was changed")
    @ApiResponse(responseCode = "401", description = CurrentUser.REFUSALS)
    @ApiResponse(responseCode = "403", description = "NOT_OWNER: it is shared with you, not yours")
    @ApiResponse(responseCode = "404", description = "FILE_NOT_FOUND, FOLDER_NOT_FOUND (the target folder)")
    @ApiResponse(
            responseCode = "409",
            description = "NAME_TAKEN: the target folder holds a file or folder of that name")
    @ApiResponse(
            responseCode = "412",
            description = "PRECONDITION_FAILED: If-Match is not its version; ETag is the current one")
    @PatchMapping("/{fileId}")
    ResponseEntity<FileView> move(
            CurrentUser user,
            @PathVariable String fileId,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @RequestBody MoveRequest request) {
        FileView file = files.move(
                user.userId(),
                PathIds.parse(fileId, FileNotFound::noSuchFile),
                request.name(),
                "root".equals(request.folderId()) ? files.rootFolder(user.userId()) : folderId(request.folderId()),
                IfMatch.parse(ifMatch));
        return ResponseEntity.ok().eTag(file.etag()).body(file);
    }

    /**
     * The body of a rename or move: each member absent means "as it is".
     *
     * @param name the new name
     * @param folderId the folder to move it into ({@code root} for the root folder)
     */
    public record MoveRequest(
            @Nullable String name, @Nullable String folderId) {}

    /** The content, streamed; {@code HEAD} gives the same headers without it. */
    @Operation(
            operationId = "downloadFile",
            summary = "Download a file",
            description = "Streams the content. ETag is the quoted SHA-256; If-None-Match, one Range (several get"
                    + " the whole body) and If-Range are honoured; Content-Disposition: attachment with the name.",
            security = @SecurityRequirement(name = "sessionToken"))
    @ApiResponse(
            responseCode = "200",
            description = "The content",
            content = @Content(mediaType = "*/*", schema = @Schema(type = "string", format = "binary")))
    @ApiResponse(responseCode = "206", description = "The requested range")
    @ApiResponse(responseCode = "304", description = "If-None-Match matched")
    @ApiResponse(responseCode = "401", description = CurrentUser.REFUSALS)
    @ApiResponse(responseCode = "404", description = "FILE_NOT_FOUND")
    @ApiResponse(responseCode = "416", description = "RANGE_NOT_SATISFIABLE, with Content-Range: bytes */size")
    @ApiResponse(
            responseCode = "500",
            description = "BLOB_CORRUPTED (the stored bytes failed their check and are out of service), BLOB_MISSING")
    @GetMapping("/{fileId}/content")
    void download(
            CurrentUser user, @PathVariable String fileId, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        downloads.send(files.find(user.userId(), PathIds.parse(fileId, FileNotFound::noSuchFile)), request, response);
    }

    @Operation(
            operationId = "deleteFile",
            summary = "Delete a file (to the trash)",
            description = "Owner only. The file goes to your trash (GET /api/v1/trash), where it can be restored until"
                    + " it is purged or its retention ends; those it was shared with lose access at once (on the"
                    + " service's other instances, within a second). It keeps"
                    + " counting toward your quota until purged. With If-Match, only if the file's version (its"
                    + " ETag, \"<version>\") still matches.",
            security = @SecurityRequirement(name = "sessionToken"),
            parameters =
                    @Parameter(
                            name = HttpHeaders.IF_MATCH,
                            in = ParameterIn.HEADER,
                            description = "the file's ETag as you read it, e.g. \"3\""))
    @ApiResponse(responseCode = "204", description = "Moved to the trash")
    @ApiResponse(responseCode = "401", description = CurrentUser.REFUSALS)
    @ApiResponse(responseCode = "403", description = "NOT_OWNER: it is shared with you, not yours")
    @ApiResponse(responseCode = "404", description = "FILE_NOT_FOUND")
    @ApiResponse(
            responseCode = "412",
            description = "PRECONDITION_FAILED: If-Match is not its version; ETag is the current one")
    @DeleteMapping("/{fileId}")
    ResponseEntity<Void> delete(
            CurrentUser user,
            @PathVariable String fileId,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        files.delete(user.userId(), PathIds.parse(fileId, FileNotFound::noSuchFile), IfMatch.parse(ifMatch));
        return ResponseEntity.noContent().build();
    }
}
