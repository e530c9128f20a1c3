package dev.filesys.file.files;

import dev.filesys.support.ApiError;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Parameters read from the query string alone. An upload must not use {@code getParameter}: for a body sent as
 * {@code application/x-www-form-urlencoded} (curl's default) the servlet container would consume the body to look for
 * parameters in it.
 */
final class QueryParameters {

    private QueryParameters() {}

    /** Name to value, decoded as forms are ({@code +} is a space); the first of repeated names wins. */
    static Map<String, String> parse(String query) {
        Map<String, String> parameters = new HashMap<>();
        if (query == null || query.isEmpty()) {
            return parameters;
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            parameters.putIfAbsent(name, value);
        }
        return parameters;
    }

    /** {@code true} or {@code false}; absent is false. */
    static boolean flag(Map<String, String> parameters, String name) {
        String value = parameters.get(name);
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw ApiError.INVALID_REQUEST.exception(name + " must be true or false.");
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiError.INVALID_REQUEST.exception("The query string is not validly percent-encoded.");
        }
    }
}
