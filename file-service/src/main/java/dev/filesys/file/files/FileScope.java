package dev.filesys.file.files;

import dev.filesys.support.ApiError;
import java.util.Locale;

/** Which files a listing shows: those the caller owns, those shared with them (unexpired), or both. */
enum FileScope {
    OWNED(true, false),
    SHARED(false, true),
    ALL(true, true);

    private final boolean owned;
    private final boolean shared;

    FileScope(boolean owned, boolean shared) {
        this.owned = owned;
        this.shared = shared;
    }

    /** Whether the listing shows the caller's own files. */
    boolean owned() {
        return owned;
    }

    /** Whether the listing shows the files shared with the caller (unexpired shares). */
    boolean shared() {
        return shared;
    }

    static FileScope parse(String value) {
        if (value == null || value.isBlank()) {
            return ALL;
        }
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiError.INVALID_SCOPE.exception("scope must be owned, shared or all.");
        }
    }
}
