package dev.filesys.file.files;

import dev.filesys.support.ApiException;
import java.util.Locale;
import org.springframework.http.HttpStatus;

/** Which files a listing shows: those the caller owns, those shared with them (unexpired), or both. */
enum FileScope {
    OWNED("f.owner_id = :user"),
    SHARED("s.file_id IS NOT NULL"),
    ALL("(f.owner_id = :user OR s.file_id IS NOT NULL)");

    private final String condition;

    FileScope(String condition) {
        this.condition = condition;
    }

    /** The SQL condition over {@code files f} left-joined with the caller's unexpired share {@code s}. */
    String condition() {
        return condition;
    }

    static FileScope parse(String value) {
        if (value == null || value.isBlank()) {
            return ALL;
        }
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "INVALID_SCOPE", "scope must be owned, shared or all.");
        }
    }
}
