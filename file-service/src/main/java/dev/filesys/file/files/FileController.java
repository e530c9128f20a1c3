package dev.filesys.file.files;

import dev.filesys.file.paging.Page;
import dev.filesys.file.paging.PageRequest;
import dev.filesys.file.sessions.CurrentUser;
import dev.filesys.support.ApiError;
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
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
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
     * {@code POST /api/v1/files?name=…[&overwrite=true]} with the file's bytes as the raw body: 201 with the new file,
     * or 200 when {@code overwrite=true} replaced the content of the caller's file of that name (same id).
     */
    @Operation(
            operationId = "uploadFile",
            summary = "Upload a file",
            description = "The raw request body is the file (no multipart), streamed to disk and hashed; its"
                    + " Content-Type is stored and served back (default application/octet-stream)."
                    + " An optional X-Checksum-SHA256 (hex or base64) must match or nothing is stored."
                    + " The same upload is also PUT /api/v1/files/{name} (what curl -T sends), which replaces a"
                    + " file of that name (200) unless If-None-Match: * is given (412 NAME_TAKEN).",
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
            description = "INVALID_NAME, INVISIBLE_CHARACTER_IN_NAME, INVALID_CHECKSUM, CHECKSUM_MISMATCH,"
                    + " INVALID_CONTENT_TYPE, INVALID_REQUEST, UPLOAD_INCOMPLETE; nothing was stored")
    @ApiResponse(responseCode = "401", description = CurrentUser.REFUSALS)
    @ApiResponse(
            responseCode = "408",
            description =
                    "UPLOAD_TIMEOUT: the body stalled or took too long; UPLOAD_TOO_SLOW: it arrived below the minimum rate")
    @ApiResponse(responseCode = "409", description = "NAME_TAKEN: send overwrite=true to replace it")
    @ApiResponse(responseCode = "413", description = "FILE_TOO_LARGE")
    @ApiResponse(responseCode = "500", description = "STORAGE_ERROR")
    @ApiResponse(responseCode = "507", description = "QUOTA_EXCEEDED, FILE_COUNT_EXCEEDED, STORAGE_FULL")
    @PostMapping
    ResponseEntity<FileView> upload(CurrentUser user, HttpServletRequest request) throws IOException {
        Map<String, String> query = QueryParameters.parse(request.getQueryString());
        FileService.SimpleUpload upload = new FileService.SimpleUpload(
                query.get("name"),
                QueryParameters.flag(query, "overwrite"),
                request.getContentType(),
                request.getContentLengthLong(),
                request.getHeader(ExpectedDigest.HEADER));
        return answer(files.upload(user.userId(), upload, request.getInputStream()));
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
    @PutMapping("/{name}")
    ResponseEntity<FileView> put(CurrentUser user, @PathVariable String name, HttpServletRequest request)
            throws IOException {
        boolean createOnly = createOnly(request);
        FileService.SimpleUpload upload = new FileService.SimpleUpload(
                name,
                !createOnly,
                request.getContentType(),
                request.getContentLengthLong(),
                request.getHeader(ExpectedDigest.HEADER));
        try {
            return answer(files.upload(user.userId(), upload, request.getInputStream()));
        } catch (NameTaken e) {
            throw NameTaken.preconditionFailed(
                    "You already have a file of that name, and If-None-Match: * asked not to replace it;"
                            + " nothing was stored.");
        }
    }

    /** {@code PUT /api/v1/files/} names no file: what {@code curl -T -} (standard input) sends to a URL ending in /. */
    @Hidden
    @PutMapping("/")
    ResponseEntity<FileView> putWithoutName() {
        throw new InvalidName("The URL names no file: PUT /api/v1/files/<name>. curl -T appends the local file's name"
                + " to a URL that ends in /, but not when it reads standard input (-T -).");
    }

    /**
     * Whether a PUT may only create: {@code If-None-Match: *}. Any other precondition is refused rather than ignored,
     * since ignoring it could replace a file the client meant to keep.
     */
    private static boolean createOnly(HttpServletRequest request) {
        if (request.getHeader(HttpHeaders.IF_MATCH) != null) {
            throw ApiError.INVALID_REQUEST.exception(
                    "If-Match is not supported on an upload; If-None-Match: * is (create, never replace).");
        }
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
                ? ResponseEntity.created(location).body(stored.file())
                : ResponseEntity.ok().location(location).body(stored.file());
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
    FileView describe(CurrentUser user, @PathVariable String fileId) {
        return files.describe(user.userId(), PathIds.parse(fileId, FileNotFound::noSuchFile));
    }

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
            summary = "Delete a file",
            description = "Owner only; its shares go with it, its bytes once nothing references them.",
            security = @SecurityRequirement(name = "sessionToken"))
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "401", description = CurrentUser.REFUSALS)
    @ApiResponse(responseCode = "403", description = "NOT_OWNER: it is shared with you, not yours")
    @ApiResponse(responseCode = "404", description = "FILE_NOT_FOUND")
    @DeleteMapping("/{fileId}")
    ResponseEntity<Void> delete(CurrentUser user, @PathVariable String fileId) {
        files.delete(user.userId(), PathIds.parse(fileId, FileNotFound::noSuchFile));
        return ResponseEntity.noContent().build();
    }
}
