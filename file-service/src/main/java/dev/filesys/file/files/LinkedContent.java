package dev.filesys.file.files;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * What public links may read of the files: an owner's live file or folder (to link to), a folder's live contents, and
 * a live file's content with every download feature of {@link DownloadResponder}. Read only: nothing here changes a
 * file.
 */
@Service
public class LinkedContent {

    /** The most items one page of a folder's listing holds. */
    public static final int MAX_PAGE = 1000;

    private final LinkedFiles linked;
    private final DownloadResponder downloads;

    LinkedContent(LinkedFiles linked, DownloadResponder downloads) {
        this.linked = linked;
        this.downloads = downloads;
    }

    /**
     * A file in a linked folder.
     *
     * @param path its path below the folder, {@code /}-separated
     */
    public record Item(UUID fileId, String path, long size, String contentType, Instant updatedAt) {}

    /** A live file as a link's holder sees it before downloading it: its name, size, type and last change. */
    public record LinkedFile(UUID fileId, String name, long size, String contentType, Instant updatedAt) {}

    /** Told, before any header is sent, that a file's content is about to go out; it may refuse by throwing. */
    @FunctionalInterface
    public interface BeforeBody {
        void sending(UUID fileId, String fileName, long bytes);
    }

    /** The name of the owner's file, if it is theirs and not in the trash. */
    public Optional<String> ownedFileName(UUID owner, UUID fileId) {
        return linked.ownedFileName(owner, fileId);
    }

    /** The name of the owner's folder ({@code ""} for their root), if it is theirs and not in the trash. */
    public Optional<String> ownedFolderName(UUID owner, UUID folderId) {
        return linked.ownedFolderName(owner, folderId);
    }

    /** The live files under the folder, at any depth, in byte order of their paths after {@code after}. */
    public List<Item> listUnder(UUID folderId, String after, int limit) {
        return linked.listUnder(folderId, after, Math.clamp(limit, 1, MAX_PAGE));
    }

    /**
     * A live file's name, size, type and last change, when it is live and (with {@code underFolder}) under that live
     * folder; reads nothing of its content.
     */
    public Optional<LinkedFile> describe(UUID fileId, @Nullable UUID underFolder) {
        if (underFolder != null && !linked.isUnder(fileId, underFolder)) {
            return Optional.empty();
        }
        return linked.liveFile(fileId)
                .map(file -> new LinkedFile(file.id(), file.name(), file.size(), file.contentType(), file.updatedAt()));
    }

    /**
     * Sends a live file's content, when it is live and (with {@code underFolder}) under that live folder.
     *
     * @return false, with nothing sent, when it is not
     */
    public boolean send(
            UUID fileId,
            @Nullable UUID underFolder,
            HttpServletRequest request,
            HttpServletResponse response,
            BeforeBody beforeBody)
            throws IOException {
        if (underFolder != null && !linked.isUnder(fileId, underFolder)) {
            return false;
        }
        Optional<FileRecord> file = linked.liveFile(fileId);
        if (file.isEmpty()) {
            return false;
        }
        FileRecord found = file.get();
        downloads.send(found, request, response, bytes -> beforeBody.sending(found.id(), found.name(), bytes));
        return true;
    }
}
