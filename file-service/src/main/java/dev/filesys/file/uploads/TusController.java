package dev.filesys.file.uploads;

import dev.filesys.file.files.FileService;
import dev.filesys.file.sessions.CurrentUser;
import dev.filesys.support.IfMatch;
import dev.filesys.support.Links;
import dev.filesys.support.PathIds;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * tus 1.0 under {@code /api/v1/uploads}: OPTIONS (discovery, no session needed), POST (creation), HEAD (offset), PATCH
 * (append), DELETE (termination); PATCH and DELETE also as POST with {@code X-HTTP-Method-Override}, for clients whose
 * HTTP stack has no PATCH (the Java client's). Only an upload's owner reaches it; anyone else gets 404.
 */
@Tag(name = "Uploads", description = "Resumable uploads (tus 1.0)")
@RestController
@RequestMapping("/api/v1/uploads")
class TusController {

    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern(
                    "EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
            .withZone(ZoneOffset.UTC);

    private final UploadService uploads;
    private final FileService files;

    TusController(UploadService uploads, FileService files) {
        this.uploads = uploads;
        this.files = files;
    }

    @Operation(
            operationId = "getUploadOptions",
            summary = "tus discovery",
            description = "Tus-Version, Tus-Extension, Tus-Checksum-Algorithm, Tus-Max-Size.")
    @ApiResponse(responseCode = "204", description = "What this server supports")
    @RequestMapping(
            path = {"", "/", "/{uploadId}"},
            method = RequestMethod.OPTIONS)
    ResponseEntity<Void> options() {
        return ResponseEntity.noContent()
                .header(Tus.RESUMABLE, Tus.VERSION)
                .header(Tus.VERSION_HEADER, Tus.VERSION)
                .header(Tus.EXTENSION, Tus.EXTENSIONS)
                .header(Tus.CHECKSUM_ALGORITHM, Tus.CHECKSUM_ALGORITHMS)
                .header(Tus.MAX_SIZE, Long.toString(files.maxFileSize()))
                .build();
    }

    /** Creation: {@code Upload-Length} and {@code Upload-Metadata: filename <base64>[,overwrite <base64>]…}. */
    @Operation(
            operationId = "createUpload",
            summary = "tus creation",
            description = "Reserves Upload-Length bytes of your quota. Upload-Metadata: filename (required),"
                    + " filetype, overwrite (true/false).",
            security = @SecurityRequirement(name = "sessionToken"))
    @ApiResponse(responseCode = "201", description = "Created; Location is the upload's absolute URL")
    @ApiResponse(
            responseCode = "400",
            description = "INVALID_UPLOAD_REQUEST, INVALID_NAME, INVISIBLE_CHARACTER_IN_NAME, INVALID_CONTENT_TYPE")
    @ApiResponse(responseCode = "401", description = CurrentUser.REFUSALS)
    @ApiResponse(responseCode = "409", description = "NAME_TAKEN (send overwrite true in the metadata)")
    @ApiResponse(
            responseCode = "412",
            description = "TUS_VERSION_UNSUPPORTED; PRECONDITION_FAILED (If-Match: the file changed, or there is none)")
    @ApiResponse(responseCode = "413", description = "FILE_TOO_LARGE")
    @ApiResponse(responseCode = "507", description = "QUOTA_EXCEEDED, FILE_COUNT_EXCEEDED, STORAGE_FULL")
    @PostMapping(path = {"", "/"})
    ResponseEntity<Void> create(
            CurrentUser user,
            @RequestHeader(name = Tus.UPLOAD_LENGTH, required = false) String length,
            @RequestHeader(name = Tus.UPLOAD_DEFER_LENGTH, required = false) String deferLength,
            @RequestHeader(name = Tus.UPLOAD_METADATA, required = false) String metadata,
            @Parameter(
                            description =
                                    "With overwrite true: the ETag of the file this replaces; checked now and again"
                                            + " when the last byte arrives (412 PRECONDITION_FAILED if the file changed meanwhile)")
                    @RequestHeader(name = HttpHeaders.IF_MATCH, required = false)
                    String ifMatch) {
        if (deferLength != null) {
            throw Tus.invalid("Upload-Defer-Length is not supported; send Upload-Length.");
        }
        long declared = Tus.nonNegative(Tus.UPLOAD_LENGTH, length);
        UploadRecord upload = uploads.create(user.userId(), declared, Tus.metadata(metadata), IfMatch.parse(ifMatch));
        return ResponseEntity.created(Links.to("/api/v1/uploads/" + upload.id()))
                .header(Tus.UPLOAD_EXPIRES, HTTP_DATE.format(upload.expiresAt()))
                .header(Tus.UPLOAD_OFFSET, "0")
                .build();
    }

    @Operation(
            operationId = "getUploadOffset",
            summary = "tus offset",
            description = "Upload-Offset to continue from. Asking supersedes a PATCH still in flight for the upload.",
            security = @SecurityRequirement(name = "sessionToken"))
    @ApiResponse(responseCode = "200", description = "Upload-Offset, Upload-Length; X-File-Id once complete")
    @ApiResponse(responseCode = "404", description = "UPLOAD_NOT_FOUND (no body: HEAD)")
    @ApiResponse(responseCode = "410", description = "UPLOAD_EXPIRED (no body: HEAD)")
    @RequestMapping(path = "/{uploadId}", method = RequestMethod.HEAD)
    ResponseEntity<Void> head(CurrentUser user, @PathVariable String uploadId) {
        UploadRecord upload = uploads.head(user.userId(), PathIds.parse(uploadId, TusProblems::notFound));
        ResponseEntity.BodyBuilder response = ResponseEntity.ok()
                .header(Tus.UPLOAD_OFFSET, Long.toString(upload.offset()))
                .header(Tus.UPLOAD_LENGTH, Long.toString(upload.length()))
                .header(Tus.UPLOAD_METADATA, metadataOf(upload))
                .header(Tus.UPLOAD_EXPIRES, HTTP_DATE.format(upload.expiresAt()))
                .header(HttpHeaders.CACHE_CONTROL, "no-store");
        if (upload.fileId() != null) {
            response.header(Tus.FILE_ID, upload.fileId().toString());
        }
        return response.build();
    }

    @Operation(
            operationId = "appendToUpload",
            summary = "tus append",
            description = "Appends the body at Upload-Offset; the last bytes complete the upload into a file"
                    + " (X-File-Id). Bytes of a body cut off count unless Upload-Checksum was sent.",
            security = @SecurityRequirement(name = "sessionToken"),
            parameters = {
                @Parameter(name = Tus.UPLOAD_OFFSET, in = ParameterIn.HEADER, required = true),
                @Parameter(
                        name = Tus.UPLOAD_CHECKSUM,
                        in = ParameterIn.HEADER,
                        description = "sha256 or sha1, then the base64 digest of this body")
            })
    @ApiResponse(responseCode = "204", description = "Appended; Upload-Offset is the new offset")
    @ApiResponse(
            responseCode = "400",
            description = "INVALID_UPLOAD_REQUEST, CHECKSUM_ALGORITHM_UNSUPPORTED, UPLOAD_INCOMPLETE")
    @ApiResponse(responseCode = "401", description = CurrentUser.REFUSALS)
    @ApiResponse(responseCode = "404", description = "UPLOAD_NOT_FOUND")
    @ApiResponse(
            responseCode = "408",
            description = "UPLOAD_TIMEOUT, UPLOAD_TOO_SLOW: the bytes received were kept; continue from Upload-Offset")
    @ApiResponse(responseCode = "409", description = "OFFSET_MISMATCH (Upload-Offset says the right one), NAME_TAKEN")
    @ApiResponse(responseCode = "410", description = "UPLOAD_EXPIRED")
    @ApiResponse(
            responseCode = "412",
            description = "PRECONDITION_FAILED: the last byte arrived but the file the upload replaces changed since"
                    + " its If-Match (the upload is ended)")
    @ApiResponse(responseCode = "413", description = "UPLOAD_LENGTH_EXCEEDED")
    @ApiResponse(responseCode = "415", description = "UNSUPPORTED_MEDIA_TYPE: use application/offset+octet-stream")
    @ApiResponse(responseCode = "460", description = "CHECKSUM_MISMATCH: the chunk was discarded, offset unchanged")
    @ApiResponse(responseCode = "500", description = "STORAGE_ERROR: the chunk was discarded, offset unchanged")
    @ApiResponse(
            responseCode = "507",
            description = "STORAGE_FULL: the disk ran out of space; the chunk was discarded, offset unchanged")
    @PatchMapping(path = "/{uploadId}", consumes = Tus.OFFSET_OCTET_STREAM)
    ResponseEntity<Void> patch(
            CurrentUser user,
            @PathVariable String uploadId,
            @RequestHeader(name = Tus.UPLOAD_OFFSET, required = false) String offset,
            @RequestHeader(name = Tus.UPLOAD_CHECKSUM, required = false) String checksum,
            HttpServletRequest request)
            throws IOException {
        long claimed = Tus.nonNegative(Tus.UPLOAD_OFFSET, offset);
        UploadRecord upload = uploads.patch(
                user.userId(),
                PathIds.parse(uploadId, TusProblems::notFound),
                claimed,
                Tus.checksum(checksum),
                request.getContentLengthLong(),
                request.getInputStream());
        ResponseEntity.HeadersBuilder<?> response = ResponseEntity.noContent()
                .header(Tus.UPLOAD_OFFSET, Long.toString(upload.offset()))
                .header(Tus.UPLOAD_EXPIRES, HTTP_DATE.format(upload.expiresAt()));
        if (upload.fileId() != null) {
            response.header(Tus.FILE_ID, upload.fileId().toString());
        }
        return response.build();
    }

    @Operation(
            operationId = "appendToUploadByPost",
            summary = "tus append, for clients without PATCH",
            security = @SecurityRequirement(name = "sessionToken"))
    @PostMapping(path = "/{uploadId}", headers = Tus.METHOD_OVERRIDE + "=PATCH", consumes = Tus.OFFSET_OCTET_STREAM)
    ResponseEntity<Void> patchOverride(
            CurrentUser user,
            @PathVariable String uploadId,
            @RequestHeader(name = Tus.UPLOAD_OFFSET, required = false) String offset,
            @RequestHeader(name = Tus.UPLOAD_CHECKSUM, required = false) String checksum,
            HttpServletRequest request)
            throws IOException {
        return patch(user, uploadId, offset, checksum, request);
    }

    @Operation(
            operationId = "terminateUpload",
            summary = "tus termination",
            description = "Drops the upload's bytes and releases its reservation.",
            security = @SecurityRequirement(name = "sessionToken"))
    @ApiResponse(responseCode = "204", description = "Terminated")
    @ApiResponse(responseCode = "401", description = CurrentUser.REFUSALS)
    @ApiResponse(responseCode = "404", description = "UPLOAD_NOT_FOUND")
    @DeleteMapping("/{uploadId}")
    ResponseEntity<Void> terminate(CurrentUser user, @PathVariable String uploadId) {
        uploads.terminate(user.userId(), PathIds.parse(uploadId, TusProblems::notFound));
        return ResponseEntity.noContent().build();
    }

    @Operation(hidden = true)
    @PostMapping(path = "/{uploadId}", headers = Tus.METHOD_OVERRIDE + "=DELETE")
    ResponseEntity<Void> terminateOverride(CurrentUser user, @PathVariable String uploadId) {
        return terminate(user, uploadId);
    }

    private static String metadataOf(UploadRecord upload) {
        return "filename " + base64(upload.name()) + ",filetype " + base64(upload.contentType()) + ",overwrite "
                + base64(Boolean.toString(upload.overwrite()));
    }

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }
}
