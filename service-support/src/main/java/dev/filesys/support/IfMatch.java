package dev.filesys.support;

import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;

/**
 * An {@code If-Match} request header against a row version, the ETag of files and folders ({@code "3"}: the quoted
 * decimal version). {@code *} matches whatever exists; a list matches when one of its entity tags is the current one.
 * Comparison is strong (RFC 9110 13.1.1): a weak tag ({@code W/"3"}) never matches, nor does a tag that is not a
 * quoted number.
 *
 * @param tags the entity tags as sent, or empty for {@code *}; an absent header is {@link #ABSENT}
 */
public record IfMatch(@Nullable List<String> tags) {

    /** No {@code If-Match} was sent: every version matches. */
    public static final IfMatch ABSENT = new IfMatch(null);

    /** The header's value as sent, or null. */
    public static IfMatch parse(@Nullable String header) {
        if (header == null) {
            return ABSENT;
        }
        if (header.strip().equals("*")) {
            return new IfMatch(List.of());
        }
        return new IfMatch(Arrays.stream(header.split(","))
                .filter(tag -> !tag.isBlank())
                .map(String::strip)
                .toList());
    }

    /** The ETag header value of a version: the quoted decimal. */
    public static String etag(long version) {
        return "\"" + version + "\"";
    }

    /** The header as it can be sent again ({@code *}, or the tags joined), or null when {@link #ABSENT}. */
    public @Nullable String header() {
        if (tags == null) {
            return null;
        }
        return tags.isEmpty() ? "*" : String.join(", ", tags);
    }

    /** Whether the request carried the header at all. */
    public boolean present() {
        return tags != null;
    }

    /** Whether a row at {@code version} meets the precondition. */
    public boolean matches(long version) {
        return tags == null || tags.isEmpty() || tags.contains(etag(version));
    }

    /**
     * Refuses unless a row at {@code version} meets the precondition.
     *
     * @param what what the row is, for the detail ("file", "folder")
     * @throws ApiException {@code 412 PRECONDITION_FAILED} with the current {@code ETag}
     */
    public void check(long version, String what) {
        if (!matches(version)) {
            throw stale(version, what);
        }
    }

    /** The refusal for a {@code If-Match} that no longer matches a row now at {@code version}. */
    public static ApiException stale(long version, String what) {
        return ApiError.PRECONDITION_FAILED
                .exception("The " + what + " changed since you read it: it is at version " + version + " now (ETag "
                        + etag(version) + "); nothing was changed.")
                .withHeader(HttpHeaders.ETAG, etag(version));
    }
}
