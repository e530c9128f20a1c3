package dev.filesys.file.accounts;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/** The rules for user names and passwords, and their normal forms. */
final class Credentials {

    static final int MIN_USERNAME = 3;
    static final int MAX_USERNAME = 32;
    static final int MIN_PASSWORD = 8;
    static final int MAX_PASSWORD = 1024;

    private static final Pattern USERNAME_CHARACTERS = Pattern.compile("[a-z0-9._-]*");

    private Credentials() {}

    /** The lower-cased name; names compare case-insensitively, so "Alice" and "alice" are one user. */
    static String normalizeUsername(String username) {
        return username == null ? "" : username.toLowerCase(Locale.ROOT);
    }

    /**
     * Whether a normalised name could belong to a user. Names that cannot are never looked up: PostgreSQL refuses a
     * NUL in text, and a query must not turn hostile input into a 500.
     */
    static boolean isPossibleUsername(String normalized) {
        return normalized.length() >= MIN_USERNAME
                && normalized.length() <= MAX_USERNAME
                && USERNAME_CHARACTERS.matcher(normalized).matches();
    }

    /**
     * @return the normalised name, when it is 3–32 of {@code [a-z0-9._-]} after lower-casing
     * @throws InvalidUsername otherwise, saying what is wrong
     */
    static String checkUsername(String username) {
        if (username == null || username.isEmpty()) {
            throw new InvalidUsername("A username is required: 3 to 32 characters of a-z, 0-9, '.', '_' and '-'.");
        }
        String normalized = normalizeUsername(username);
        if (!USERNAME_CHARACTERS.matcher(normalized).matches()) {
            throw new InvalidUsername("A username may contain only the letters a-z, the digits 0-9, '.', '_' and '-'"
                    + " (upper case is read as lower case).");
        }
        if (normalized.length() < MIN_USERNAME || normalized.length() > MAX_USERNAME) {
            throw new InvalidUsername(
                    "A username must be 3 to 32 characters long; this one has " + normalized.length() + ".");
        }
        return normalized;
    }

    /**
     * The password in Unicode NFC, so the same password typed on systems that compose characters differently hashes
     * the same. Its length is counted in characters (code points), after normalisation.
     */
    static String normalizePassword(String password) {
        return password == null ? "" : Normalizer.normalize(password, Normalizer.Form.NFC);
    }

    /** Whether the text holds half of a UTF-16 surrogate pair without the other half (it is then not text at all). */
    static boolean hasLoneSurrogate(String text) {
        if (text == null) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @return the normalised password, when it has 8–1024 characters
     * @throws WeakPassword otherwise, saying what is wrong
     */
    static String checkPassword(String password) {
        String normalized = normalizePassword(password);
        int length = normalized.codePointCount(0, normalized.length());
        if (length < MIN_PASSWORD) {
            throw new WeakPassword("A password must have at least 8 characters; this one has " + length + ".");
        }
        if (length > MAX_PASSWORD) {
            throw new WeakPassword("A password may have at most 1024 characters; this one has " + length + ".");
        }
        return normalized;
    }
}
