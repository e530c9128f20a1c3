package dev.filesys.file.trash;

import dev.filesys.file.paging.Page;
import dev.filesys.file.paging.PageRequest;
import dev.filesys.file.paging.PageSort;
import dev.filesys.file.sessions.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The caller's trash: list, restore, purge one, empty. An item is named by its id, or (for people typing it) by its
 * name, the most recently deleted of that name.
 */
@Tag(name = "Trash", description = "Deleted files and folders, until they are restored or purged")
@RestController
@RequestMapping("/api/v1/trash")
class TrashController {

    private final TrashService trash;

    TrashController(TrashService trash) {
        this.trash = trash;
    }

    @Operation(
            operationId = "listTrash",
            summary = "What you deleted",
            description = "The files and folders you deleted (what was in a deleted folder comes back with it and is"
                    + " not listed on its own); each says where it was and when it is purged by itself. Cursor-paged"
                    + " (keyset, stable under concurrent changes): limit 1-1000 (default 100); cursor from the previous"
                    + " page's nextCursor; sort trashedAt|name|size with ,asc or ,desc (default trashedAt,desc: most"
                    + " recently deleted first).",
            security = @SecurityRequirement(name = "sessionToken"))
    @ApiResponse(responseCode = "200", description = "One page: {items, nextCursor?}")
    @ApiResponse(responseCode = "400", description = "INVALID_LIMIT, INVALID_CURSOR, INVALID_SORT")
    @ApiResponse(responseCode = "401", description = CurrentUser.REFUSALS)
    @GetMapping
    Page<TrashItemView> list(
            CurrentUser user,
            @Parameter(description = "1-1000, default 100") @RequestParam(required = false) @Nullable String limit,
            @RequestParam(required = false) @Nullable String cursor,
            @RequestParam(required = false) @Nullable String sort) {
        PageSort order = PageSort.parse(sort, TrashService.DEFAULT_SORT, TrashService.SORT_FIELDS);
        return trash.list(user.userId(), PageRequest.of(limit, cursor, order));
    }

    @Operation(
            operationId = "restoreFromTrash",
            summary = "Restore a deleted item",
            description = "Back to the folder it was in under its name, with everything that was deleted with it;"
                    + " or into another folder (folderId) or under another name (name), for when the folder is gone"
                    + " or the name is taken now. The body is optional.",
            security = @SecurityRequirement(name = "sessionToken"))
    @ApiResponse(responseCode = "200", description = "The restored file or folder")
    @ApiResponse(responseCode = "400", description = "INVALID_NAME, INVISIBLE_CHARACTER_IN_NAME")
    @ApiResponse(responseCode = "401", description = CurrentUser.REFUSALS)
    @ApiResponse(
            responseCode = "404",
            description = "TRASH_ITEM_NOT_FOUND; FOLDER_NOT_FOUND: the folderId given is not a folder of yours")
    @ApiResponse(
            responseCode = "409",
            description = "NAME_TAKEN: give another name or folderId; RESTORE_TARGET_GONE: the folder it was in is"
                    + " gone or in the trash, give a folderId")
    @PostMapping("/{id}/restore")
    Object restore(
            CurrentUser user, @PathVariable String id, @RequestBody(required = false) @Nullable RestoreRequest body) {
        return trash.restore(
                user.userId(), trash.resolve(user.userId(), id), body == null ? RestoreRequest.AS_IT_WAS : body);
    }

    @Operation(
            operationId = "purgeFromTrash",
            summary = "Delete an item for good",
            description = "It and everything under it (and their versions) are gone; its bytes leave your quota.",
            security = @SecurityRequirement(name = "sessionToken"))
    @ApiResponse(responseCode = "204", description = "Purged")
    @ApiResponse(responseCode = "401", description = CurrentUser.REFUSALS)
    @ApiResponse(responseCode = "404", description = "TRASH_ITEM_NOT_FOUND")
    @DeleteMapping("/{id}")
    ResponseEntity<Void> purge(CurrentUser user, @PathVariable String id) {
        trash.purge(user.userId(), trash.resolve(user.userId(), id));
        return ResponseEntity.noContent().build();
    }

    @Operation(
            operationId = "emptyTrash",
            summary = "Empty the trash",
            description = "Purges everything in your trash.",
            security = @SecurityRequirement(name = "sessionToken"))
    @ApiResponse(responseCode = "204", description = "Emptied")
    @ApiResponse(responseCode = "401", description = CurrentUser.REFUSALS)
    @DeleteMapping
    ResponseEntity<Void> empty(CurrentUser user) {
        trash.empty(user.userId());
        return ResponseEntity.noContent().build();
    }
}
