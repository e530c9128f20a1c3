package dev.filesys.file.folders;

import dev.filesys.file.files.FolderNotFound;
import dev.filesys.file.paging.Page;
import dev.filesys.file.paging.PageRequest;
import dev.filesys.file.sessions.CurrentUser;
import dev.filesys.file.trash.TrashService;
import dev.filesys.support.IfMatch;
import dev.filesys.support.Links;
import dev.filesys.support.PathIds;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The folders API: create, look up (by id, {@code root}, or by path), list children (folders first, cursor-paged),
 * rename and move, delete to the trash; and the shared-with-me view. Every answer about one folder carries its version
 * as {@code ETag}; a change with an {@code If-Match} that is not the current one is {@code 412 PRECONDITION_FAILED}.
 */
@Tag(name = "Folders", description = "Each user's tree of folders; paths; what is shared with you")
@RestController
class FolderController {

    private static final String PAGING = "limit 1-1000 (default 100); cursor from the previous page's nextCursor;"
            + " sort name|createdAt|updatedAt|size with ,asc or ,desc (default name,asc; folders, which have no"
            + " size, by name)";

    private final FolderService folders;
    private final TrashService trash;

    FolderController(FolderService folders, TrashService trash) {
        this.folders = folders;
        this.trash = trash;
    }

    /**
     * The body of a folder's creation, or of its rename or move (each member absent: as it is).
     *
     * @param name the folder's name (the rules of file names)
     * @param parentId the folder above it ({@code root} or absent: the root folder, on creation)
     */
    record FolderRequest(@Nullable String name, @Nullable String parentId) {}

    @Operation(
            operationId = "createFolder",
            summary = "Create a folder",
            description = "In parentId (default: your root folder). Names follow the file-name rules and are unique"
                    + " per folder among files and folders.",
            security = @SecurityRequirement(name = "sessionToken"))
    @ApiResponse(responseCode = "201", description = "Created; Location and ETag")
    @ApiResponse(
            responseCode = "400",
            description = "INVALID_NAME, INVISIBLE_CHARACTER_IN_NAME, FOLDER_TOO_DEEP, MALFORMED_REQUEST")
    @ApiResponse(responseCode = "401", description = CurrentUser.REFUSALS)
    @ApiResponse(responseCode = "404", description = "FOLDER_NOT_FOUND: the parent is not a folder of yours")
    @ApiResponse(responseCode = "409", description = "NAME_TAKEN: the parent holds a file or folder of that name")
    @PostMapping("/api/v1/folders")
    ResponseEntity<FolderView> create(CurrentUser user, @RequestBody FolderRequest request) {
        FolderView folder = folders.create(user.userId(), folderId(request.parentId()), request.name());
        return ResponseEntity.created(Links.to("/api/v1/folders/" + folder.folderId()))
                .eTag(folder.etag())
                .body(folder);
    }

    @Operation(
            operationId = "getFolder",
            summary = "A folder",
            description = "By id, or root for your root folder. For the owner also the list of unexpired shares.",
            security = @SecurityRequirement(name = "sessionToken"))
    @ApiResponse(responseCode = "200", description = "The folder; ETag is its version")
    @ApiResponse(responseCode = "401", description = CurrentUser.REFUSALS)
    @ApiResponse(responseCode = "404", description = "FOLDER_NOT_FOUND: not yours and not shared with you")
    @GetMapping("/api/v1/folders/{folderId}")
    ResponseEntity<FolderView> describe(CurrentUser user, @PathVariable String folderId) {
        FolderView folder = folders.describe(user.userId(), folderId(folderId));
        return ResponseEntity.ok().eTag(folder.etag()).body(folder);
    }

    @Operation(
            operationId = "listFolderChildren",
            summary = "What a folder holds",
            description = "Its folders, then its files, each in the order asked for; cursor-paged (keyset, stable"
                    + " under concurrent changes). " + PAGING + ".",
            security = @SecurityRequirement(name = "sessionToken"))
    @ApiResponse(responseCode = "200", description = "One page: items (kind file or folder) and nextCursor")
    @ApiResponse(responseCode = "400", description = "INVALID_LIMIT, INVALID_CURSOR, INVALID_SORT")
    @ApiResponse(responseCode = "401", description = CurrentUser.REFUSALS)
    @ApiResponse(responseCode = "404", description = "FOLDER_NOT_FOUND")
    @GetMapping("/api/v1/folders/{folderId}/children")
    Page<Object> children(
            CurrentUser user,
            @PathVariable String folderId,
            @RequestParam(required = false) @Nullable String limit,
            @RequestParam(required = false) @Nullable String cursor,
            @RequestParam(required = false) @Nullable String sort) {
        return folders.children(user.userId(), folderId(folderId), PageRequest.parse(limit, cursor, sort));
    }

    @Operation(
            operationId = "getItemByPath",
            summary = "A file or folder of yours, by path",
            description = "path from your root folder, such as /reports/2026/q3.pdf (/ is the root folder).",
            security = @SecurityRequirement(name = "sessionToken"),
            parameters = @Parameter(name = "path", in = ParameterIn.QUERY, required = true))
    @ApiResponse(responseCode = "200", description = "The file or folder (kind says which); ETag is its version")
    @ApiResponse(
            responseCode = "400",
            description = "INVALID_PATH: an empty level, . or .., or a level that is not a valid name")
    @ApiResponse(responseCode = "401", description = CurrentUser.REFUSALS)
    @ApiResponse(responseCode = "404", description = "FILE_NOT_FOUND: nothing is at that path")
    @GetMapping("/api/v1/items")
    ResponseEntity<Object> item(CurrentUser user, @RequestParam(required = false) String path) {
        Object item = folders.resolve(user.userId(), path);
        String etag =
                item instanceof FolderView folder ? folder.etag() : ((dev.filesys.file.files.FileView) item).etag();
        return ResponseEntity.ok().eTag(etag).body(item);
    }

    @Operation(
            operationId = "updateFolder",
            summary = "Rename or move a folder",
            description = "Owner only. name renames it, parentId moves it (with all it holds) into another of your"
                    + " folders; one row update either way. With If-Match, only the version you saw is changed.",
            security = @SecurityRequirement(name = "sessionToken"))
    @ApiResponse(responseCode = "200", description = "The folder as it is now; ETag is its version")
    @ApiResponse(
            responseCode = "400",
            description = "MOVE_INTO_OWN_SUBTREE, ROOT_FOLDER_IMMUTABLE, FOLDER_TOO_DEEP, INVALID_NAME,"
                    + " INVISIBLE_CHARACTER_IN_NAME, MALFORMED_REQUEST; nothing was changed")
    @ApiResponse(responseCode = "401", description = CurrentUser.REFUSALS)
    @ApiResponse(responseCode = "403", description = "NOT_OWNER: it is shared with you, not yours")
    @ApiResponse(responseCode = "404", description = "FOLDER_NOT_FOUND (the folder or the new parent)")
    @ApiResponse(responseCode = "409", description = "NAME_TAKEN: the target holds a file or folder of that name")
    @ApiResponse(
            responseCode = "412",
            description = "PRECONDITION_FAILED: If-Match is not its version; ETag is the current one")
    @PatchMapping("/api/v1/folders/{folderId}")
    ResponseEntity<FolderView> update(
            CurrentUser user,
            @PathVariable String folderId,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @RequestBody FolderRequest request) {
        FolderView folder = folders.update(
                user.userId(),
                existing(user, folderId),
                request.name(),
                "root".equals(request.parentId()) ? folders.rootOf(user.userId()) : folderId(request.parentId()),
                IfMatch.parse(ifMatch));
        return ResponseEntity.ok().eTag(folder.etag()).body(folder);
    }

    @Operation(
            operationId = "deleteFolder",
            summary = "Delete a folder (to the trash)",
            description = "Owner only. The folder and everything in it go to the trash; whoever it was shared with"
                    + " loses access at once (on the service's other instances, within a second).",
            security = @SecurityRequirement(name = "sessionToken"))
    @ApiResponse(responseCode = "204", description = "In the trash")
    @ApiResponse(responseCode = "400", description = "ROOT_FOLDER_IMMUTABLE")
    @ApiResponse(responseCode = "401", description = CurrentUser.REFUSALS)
    @ApiResponse(responseCode = "403", description = "NOT_OWNER")
    @ApiResponse(responseCode = "404", description = "FOLDER_NOT_FOUND")
    @ApiResponse(
            responseCode = "412",
            description = "PRECONDITION_FAILED: If-Match is not its version; ETag is the current one")
    @DeleteMapping("/api/v1/folders/{folderId}")
    ResponseEntity<Void> delete(
            CurrentUser user,
            @PathVariable String folderId,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        trash.moveToTrash(user.userId(), TrashService.Kind.FOLDER, existing(user, folderId), ifMatch);
        return ResponseEntity.noContent().build();
    }

    @Operation(
            operationId = "listShared",
            summary = "What is shared with you",
            description = "The folders and files shared directly with you (unexpired shares), folders first, each in"
                    + " the order asked for; cursor-paged (keyset, stable under concurrent changes). " + PAGING + ".",
            security = @SecurityRequirement(name = "sessionToken"))
    @ApiResponse(responseCode = "200", description = "One page: items (kind file or folder) and nextCursor")
    @ApiResponse(responseCode = "400", description = "INVALID_LIMIT, INVALID_CURSOR, INVALID_SORT")
    @ApiResponse(responseCode = "401", description = CurrentUser.REFUSALS)
    @GetMapping("/api/v1/shared")
    Page<Object> shared(
            CurrentUser user,
            @RequestParam(required = false) @Nullable String limit,
            @RequestParam(required = false) @Nullable String cursor,
            @RequestParam(required = false) @Nullable String sort) {
        return folders.sharedWithMe(user.userId(), PageRequest.parse(limit, cursor, sort));
    }

    /** A folder id in a path or body: {@code root} or absent is the root folder (null). */
    private static @Nullable UUID folderId(@Nullable String value) {
        return value == null || value.equals("root") ? null : PathIds.parse(value, FolderNotFound::noSuchFolder);
    }

    /** A folder to change: {@code root} is the caller's root folder, which is refused as immutable further on. */
    private UUID existing(CurrentUser user, String value) {
        UUID id = folderId(value);
        return id == null ? folders.rootOf(user.userId()) : id;
    }
}
