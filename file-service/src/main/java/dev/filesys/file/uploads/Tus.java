package dev.filesys.file.uploads;

import dev.filesys.support.ApiError;
import dev.filesys.support.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The tus 1.0 headers: names, what this server supports, and parsing of what clients send. */
final class Tus {

    static final String VERSION = "1.0.0";
    static final String RESUMABLE = "Tus-Resumable";
    static final String VERSION_HEADER = "Tus-Version";
    static final String EXTENSION = "Tus-Extension";
    static final String EXTENSIONS = "creation,checksum,termination,expiration";
    static final String CHECKSUM_ALGORITHM = "Tus-Checksum-Algorithm";
    static final String CHECKSUM_ALGORITHMS = "sha256,sha1";
    static final String MAX_SIZE = "Tus-Max-Size";
    static final String UPLOAD_OFFSET = "Upload-Offset";
    static final String UPLOAD_LENGTH = "Upload-Length";
    static final String UPLOAD_DEFER_LENGTH = "Upload-Defer-Length";
    static final String UPLOAD_METADATA = "Upload-Metadata";
    static final String UPLOAD_CHECKSUM = "Upload-Checksum";
    static final String UPLOAD_EXPIRES = "Upload-Expires";
    static final String METHOD_OVERRIDE = "X-HTTP-Method-Override";
    static final String OFFSET_OCTET_STREAM = "application/offset+octet-stream";
    /** Not tus: names the file a completed upload became. */
    static final String FILE_ID = "X-File-Id";

    private Tus() {}

    /**
     * {@code Upload-Metadata}: comma-separated {@code key base64value} pairs (a key alone has an empty value); values
     * are decoded as UTF-8.
     */
    static Map<String, String> metadata(String header) {
        Map<String, String> metadata = new LinkedHashMap<>();
        if (header == null || header.isBlank()) {
            return metadata;
        }
        for (String pair : header.split(",")) {
            String[] parts = pair.strip().split(" +");
            if (parts.length == 0 || parts[0].isEmpty() || parts.length > 2) {
                throw invalid("Upload-Metadata must be comma-separated pairs of a key and a base64 value.");
            }
            String value = "";
            if (parts.length == 2) {
                try {
                    value = new String(Base64.getDecoder().decode(parts[1]), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    throw invalid("The Upload-Metadata value of \"" + parts[0] + "\" is not base64.");
                }
            }
            if (metadata.putIfAbsent(parts[0], value) != null) {
                throw invalid("Upload-Metadata names \"" + parts[0] + "\" twice.");
            }
        }
        return metadata;
    }

    /** A required non-negative integer header ({@code Upload-Length}, {@code Upload-Offset}). */
    static long nonNegative(String name, @Nullable String value) {
        if (value == null) {
            throw invalid(name + " is required.");
        }
        String text = value.strip();
        if (text.isEmpty() || text.length() > 18 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw invalid(name + " must be a non-negative integer.");
        }
        return Long.parseLong(text);
    }

    /** What {@code Upload-Checksum: <algorithm> <base64 digest>} asks the server to check a PATCH body against. */
    record Checksum(String algorithm, byte[] expected) {

        MessageDigest newDigest() {
            try {
                return MessageDigest.getInstance(algorithm.equals("sha1") ? "SHA-1" : "SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has SHA-1 and SHA-256", e);
            }
        }

        boolean matches(byte[] actual) {
            return MessageDigest.isEqual(expected, actual);
        }
    }

    /** The checksum a PATCH carries, or null when it carries none. */
    static @Nullable Checksum checksum(@Nullable String header) {
        if (header == null) {
            return null;
        }
        String[] parts = header.strip().split(" +");
        if (parts.length != 2) {
            throw invalid("Upload-Checksum must be an algorithm and a base64 digest separated by a space.");
        }
        String algorithm = parts[0].toLowerCase(Locale.ROOT);
        int length = switch (algorithm) {
            case "sha1" -> 20;
            case "sha256" -> 32;
            default ->
                throw ApiError.CHECKSUM_ALGORITHM_UNSUPPORTED.exception(
                        "Upload-Checksum algorithm must be one of " + CHECKSUM_ALGORITHMS + ".");
        };
        byte[] expected;
        try {
            expected = Base64.getDecoder().decode(parts[1]);
        } catch (IllegalArgumentException e) {
            throw invalid("The Upload-Checksum digest is not base64.");
        }
        if (expected.length != length) {
            throw invalid("A " + algorithm + " digest has " + length + " bytes; this one has " + expected.length + ".");
        }
        return new Checksum(algorithm, expected);
    }

    static ApiException invalid(String detail) {
        return ApiError.INVALID_UPLOAD_REQUEST.exception(detail);
    }
}
