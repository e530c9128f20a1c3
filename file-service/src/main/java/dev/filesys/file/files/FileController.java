package dev.filesys.file.files;

import dev.filesys.file.sessions.CurrentUser;
import dev.filesys.support.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The files API: simple upload (raw body), download, metadata, listing and deletion. Every operation answers
 * {@code 404 FILE_NOT_FOUND} for a file the caller neither owns nor was shared.
 */
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
    @PostMapping
    ResponseEntity<FileView> upload(CurrentUser user, HttpServletRequest request) throws IOException {
        Map<String, String> query = QueryParameters.parse(request.getQueryString());
        FileService.SimpleUpload upload = new FileService.SimpleUpload(
                query.get("name"),
                QueryParameters.flag(query, "overwrite"),
                request.getContentType(),
                request.getContentLengthLong(),
                request.getHeader(ExpectedDigest.HEADER));
        FileService.Stored stored = files.upload(user.userId(), upload, request.getInputStream());
        URI location = URI.create("/api/v1/files/" + stored.file().fileId());
        return stored.created()
                ? ResponseEntity.created(location).body(stored.file())
                : ResponseEntity.ok().location(location).body(stored.file());
    }

    /** {@code GET /api/v1/files?scope=owned|shared|all&page=0&size=50&sort=name|createdAt[,asc|desc]}. */
    @GetMapping
    FilePage list(
            CurrentUser user,
            @RequestParam(required = false) String scope,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size,
            @RequestParam(required = false) String sort) {
        if (page < 0 || size < 1 || size > 1000) {
            throw new ApiException(
                    HttpStatus.BAD_REQUEST, "INVALID_REQUEST", "page must be 0 or more and size between 1 and 1000.");
        }
        return files.list(user.userId(), FileScope.parse(scope), FileSort.parse(sort), page, size);
    }

    @GetMapping("/{fileId}")
    FileView describe(CurrentUser user, @PathVariable String fileId) {
        return files.describe(user.userId(), id(fileId));
    }

    /** The content, streamed; {@code HEAD} gives the same headers without it. */
    @GetMapping("/{fileId}/content")
    void download(
            CurrentUser user, @PathVariable String fileId, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        downloads.send(files.find(user.userId(), id(fileId)), request, response);
    }

    @DeleteMapping("/{fileId}")
    ResponseEntity<Void> delete(CurrentUser user, @PathVariable String fileId) {
        files.delete(user.userId(), id(fileId));
        return ResponseEntity.noContent().build();
    }

    /**
     * Lets an aborted download escape Spring MVC's error handling: the response is already committed, and only the
     * servlet container closing the connection tells the client that the body it got is incomplete.
     */
    @ExceptionHandler(DownloadAborted.class)
    void abort(DownloadAborted aborted) throws DownloadAborted {
        throw aborted;
    }

    /** A file id; anything that is not one names no file. */
    static UUID id(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw FileService.notFound();
        }
    }
}
