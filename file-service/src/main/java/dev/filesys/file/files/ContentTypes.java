package dev.filesys.file.files;

import dev.filesys.support.ApiError;
import dev.filesys.support.ApiException;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/** The media type a file is stored and served with, taken from what the uploading client said. */
public final class ContentTypes {

    private static final String DEFAULT = MediaType.APPLICATION_OCTET_STREAM_VALUE;
    private static final int MAX_LENGTH = 255;

    private ContentTypes() {}

    /**
     * The normalised media type for a client-supplied value: {@code application/octet-stream} when there is none, when
     * it is a wildcard, or when it is {@code application/x-www-form-urlencoded} (what {@code curl --data-binary} sends
     * unless told otherwise, never the type of a file).
     *
     * @throws ApiException 400 {@code INVALID_CONTENT_TYPE} when the value is not a media type
     */
    public static String normalize(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT;
        }
        MediaType type;
        try {
            type = MediaType.parseMediaType(value);
        } catch (InvalidMediaTypeException e) {
            throw invalid();
        }
        if (type.isWildcardType()
                || type.isWildcardSubtype()
                || MediaType.APPLICATION_FORM_URLENCODED.equalsTypeAndSubtype(type)) {
            return DEFAULT;
        }
        String normalized = type.toString();
        if (normalized.length() > MAX_LENGTH) {
            throw invalid();
        }
        return normalized;
    }

    private static ApiException invalid() {
        return ApiError.INVALID_CONTENT_TYPE.exception(
                "Content-Type must be a media type such as text/plain (at most " + MAX_LENGTH + " characters).");
    }
}
