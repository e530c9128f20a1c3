package dev.filesys.file.files;

import dev.filesys.support.ApiError;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;

/**
 * {@code If-Match} against a file's or folder's version, whose ETag is the quoted decimal {@code "<version>"}: absent
 * or {@code *} always holds; otherwise one of the listed ETags (weak ones compared by their value) must be the current
 * one, else {@code 412 PRECONDITION_FAILED} with the current {@code ETag}, and nothing changes.
 */
public final class IfMatch {

    private IfMatch() {}

    /** The ETag header value of a version. */
    public static String etag(long version) {
        return "\"" + version + "\"";
    }

    /** Refuses unless {@code header} (an If-Match value, or null) matches {@code current}. */
    public static void require(@Nullable String header, long current) {
        if (header == null || header.isBlank()) {
            return;
        }
        String wanted = etag(current);
        for (String tag : header.split(",")) {
            String value = tag.strip();
            if (value.startsWith("W/")) {
                value = value.substring(2);
            }
            if (value.equals("*") || value.equals(wanted)) {
                return;
            }
        }
        throw ApiError.PRECONDITION_FAILED
                .exception("If-Match " + header.strip() + " does not match the current version " + wanted
                        + "; it changed since you read it. Nothing was changed.")
                .withHeader(HttpHeaders.ETAG, wanted);
    }
}
