package dev.filesys.file.files;

import dev.filesys.support.ApiError;
import dev.filesys.support.ApiException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** The SHA-256 a client says its upload has ({@code X-Checksum-SHA256}), given as hex or as base64. */
final class ExpectedDigest {

    static final String HEADER = "X-Checksum-SHA256";

    private static final Pattern HEX_64 = Pattern.compile("[0-9a-fA-F]{64}");

    private ExpectedDigest() {}

    /**
     * The digest as lower-case hex, or null when the header is absent.
     *
     * @throws ApiException 400 {@code INVALID_CHECKSUM} when the header is neither 64 hex digits nor base64 of 32 bytes
     */
    static @Nullable String parse(@Nullable String header) {
        if (header == null) {
            return null;
        }
        String value = header.strip();
        if (HEX_64.matcher(value).matches()) {
            return value.toLowerCase(Locale.ROOT);
        }
        byte[] bytes;
        try {
            bytes = value.contains("-") || value.contains("_")
                    ? Base64.getUrlDecoder().decode(value)
                    : Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            bytes = null;
        }
        if (bytes == null || bytes.length != 32) {
            throw ApiError.INVALID_CHECKSUM.exception(
                    HEADER + " must be a SHA-256 digest: 64 hex digits or 44 characters of base64.");
        }
        return HexFormat.of().formatHex(bytes);
    }
}
