package dev.filesys.file.paging;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The identity of a listing, which its cursors are bound to: a cursor is accepted only by the listing (and the order)
 * it came from.
 *
 * @param kind what is listed, with whatever else selects the rows, e.g. {@code files:owned}, {@code children},
 *     {@code versions}, {@code trash}
 * @param user who lists
 * @param container the folder or file whose items are listed, or null for a listing of the user's whole account
 */
public record Listing(String kind, UUID user, @Nullable UUID container) {

    /** The bytes a cursor's signature covers besides its own, with the order the cursor was made for. */
    String identity(PageSort sort) {
        return kind + '\n' + user + '\n' + (container == null ? "-" : container.toString()) + '\n' + sort;
    }
}
