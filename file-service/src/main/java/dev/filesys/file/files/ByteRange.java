package dev.filesys.file.files;

import java.util.Locale;

/**
 * What a {@code Range} request header asks of a representation of a known size (RFC 9110 §14). One range is served as
 * asked; several ranges are answered with the whole body, which the RFC allows and which spares clients a multipart
 * body; a header that is not a valid byte range set is ignored, as the RFC requires.
 *
 * <p>Spring's {@code HttpRange.parseRanges} is not used: it throws on an invalid header (which must be ignored here)
 * and on a position past {@code Long.MAX_VALUE} (which is clamped here to the last byte).
 */
sealed interface ByteRange {

    /** The whole representation: no Range, an invalid one, an unknown unit, or several ranges. */
    record Whole() implements ByteRange {}

    /** Bytes {@code first} to {@code last}, both inclusive, of a representation of {@code size} bytes. */
    record Part(long first, long last, long size) implements ByteRange {

        long length() {
            return last - first + 1;
        }

        String contentRange() {
            return "bytes " + first + "-" + last + "/" + size;
        }
    }

    /** A valid range that selects no byte: answered with 416 and {@code Content-Range: bytes *}{@code /size}. */
    record Unsatisfiable(long size) implements ByteRange {

        String contentRange() {
            return "bytes */" + size;
        }
    }

    static ByteRange parse(String header, long size) {
        if (header == null) {
            return new Whole();
        }
        String value = header.strip();
        int equals = value.indexOf('=');
        if (equals < 0
                || !value.substring(0, equals).strip().toLowerCase(Locale.ROOT).equals("bytes")) {
            return new Whole();
        }
        String set = value.substring(equals + 1);
        if (set.indexOf(',') >= 0) {
            return new Whole();
        }
        String spec = set.strip();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return new Whole();
        }
        String firstText = spec.substring(0, dash).strip();
        String lastText = spec.substring(dash + 1).strip();
        if (firstText.isEmpty()) {
            long suffix = digits(lastText);
            if (suffix < 0) {
                return new Whole();
            }
            if (suffix == 0 || size == 0) {
                return new Unsatisfiable(size);
            }
            return new Part(Math.max(0, size - suffix), size - 1, size);
        }
        long first = digits(firstText);
        if (first < 0) {
            return new Whole();
        }
        long last;
        if (lastText.isEmpty()) {
            last = Long.MAX_VALUE;
        } else {
            last = digits(lastText);
            if (last < 0 || last < first) {
                return new Whole();
            }
        }
        if (first >= size) {
            return new Unsatisfiable(size);
        }
        return new Part(first, Math.min(last, size - 1), size);
    }

    /** The value of a run of ASCII digits (saturating at {@code Long.MAX_VALUE}), or -1 when it is not one. */
    private static long digits(String text) {
        if (text.isEmpty()) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value > (Long.MAX_VALUE - (c - '0')) / 10 ? Long.MAX_VALUE : value * 10 + (c - '0');
        }
        return value;
    }
}
