package dev.filesys.file.files;

import java.nio.charset.StandardCharsets;

/**
 * {@code Content-Disposition: attachment} with a file name as RFC 6266 recommends: a quoted ASCII fallback for old
 * clients ({@code filename=}) and the exact name, UTF-8 and percent-encoded per RFC 8187/5987, for everyone else
 * ({@code filename*=}).
 */
final class ContentDispositions {

    private static final String ATTR_CHAR_PUNCTUATION = "!#$&+-.^_`|~";

    private ContentDispositions() {}

    static String attachment(String name) {
        return "attachment; filename=\"" + asciiFallback(name) + "\"; filename*=UTF-8''" + percentEncode(name);
    }

    /**
     * The name with every character that is not printable ASCII, and the quote, backslash and percent sign (which some
     * clients would unescape or decode), replaced by "_".
     */
    static String asciiFallback(String name) {
        StringBuilder fallback = new StringBuilder(name.length());
        name.codePoints().forEach(cp -> {
            boolean plain = cp >= 0x20 && cp <= 0x7e && cp != '"' && cp != '\\' && cp != '%';
            fallback.append(plain ? (char) cp : '_');
        });
        return fallback.toString();
    }

    /** RFC 8187 {@code value-chars}: attr-char as is, every other byte of the UTF-8 encoding as {@code %XX}. */
    static String percentEncode(String name) {
        StringBuilder encoded = new StringBuilder(name.length() * 3);
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || ATTR_CHAR_PUNCTUATION.indexOf(c) >= 0) {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
                encoded.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return encoded.toString();
    }
}
