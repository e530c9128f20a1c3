package dev.filesys.file.links;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.filesys.file.files.LinkedContent;
import dev.filesys.support.ApiError;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** The paged answers of the links API. */
final class Pages {

    static final int DEFAULT_PAGE = 50;
    static final int MAX_PAGE = 1000;

    private Pages() {}

    /** A page size from the query: 1 to {@link #MAX_PAGE}, {@link #DEFAULT_PAGE} when absent. */
    static int limit(@Nullable String limit) {
        if (limit == null) {
            return DEFAULT_PAGE;
        }
        try {
            int value = Integer.parseInt(limit);
            if (value >= 1 && value <= MAX_PAGE) {
                return value;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw ApiError.INVALID_REQUEST.exception("limit must be 1 to " + MAX_PAGE + ".");
    }

    /** The owner's links, newest first; {@code next} is the {@code after} of the next page, absent on the last. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record LinkPage(List<LinkView> items, @Nullable UUID next) {}

    /** A link's downloads, newest first; {@code next} is the {@code before} of the next page, absent on the last. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DownloadPage(List<DownloadView> items, @Nullable Long next) {}

    /**
     * What a folder link shows: the folder's name, and the files under it at any depth by path; {@code next} is the
     * {@code after} of the next page, absent on the last.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record FolderListing(
            String type,
            String name,
            String label,
            Instant expiresAt,
            List<LinkedContent.Item> items,
            @Nullable String next) {}

    /**
     * What a file link (or a file under a linked folder) is, without its content: for the page a browser shows before
     * the download.
     */
    record FileInfo(
            String type,
            UUID fileId,
            String name,
            long size,
            String contentType,
            Instant updatedAt,
            String label,
            Instant expiresAt) {}
}
