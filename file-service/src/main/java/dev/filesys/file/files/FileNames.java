package dev.filesys.file.files;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;

/**
 * The rules a file name follows. A name is NFC-normalised first, so the NFC and NFD spellings of "é" are the same name;
 * then it must be 1–255 bytes of UTF-8 without path separators, NUL, control characters (C0, DEL, C1) or
 * bidirectional overrides and isolates (which make a name display as something it is not), and must not be "." or "..".
 */
public final class FileNames {

    /** The longest name, in bytes of UTF-8. */
    public static final int MAX_BYTES = 255;

    private FileNames() {}

    /**
     * The normalised form of {@code raw}.
     *
     * @throws InvalidName when {@code raw} is missing or breaks a rule; the message says which
     */
    public static String normalize(String raw) {
        if (raw == null || raw.isEmpty()) {
            throw new InvalidName("A file name is required.");
        }
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < raw.length() && Character.isLowSurrogate(raw.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new InvalidName("The name is not valid Unicode (it has an unpaired surrogate).");
            }
        }
        String name = Normalizer.normalize(raw, Normalizer.Form.NFC);
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            throw new InvalidName("The name is " + bytes + " bytes of UTF-8; at most " + MAX_BYTES + " are allowed.");
        }
        if (name.equals(".") || name.equals("..")) {
            throw new InvalidName("\".\" and \"..\" are not file names.");
        }
        name.codePoints().forEach(FileNames::check);
        return name;
    }

    private static void check(int cp) {
        if (cp == '/' || cp == '\\') {
            throw new InvalidName("The name must not contain \"/\" or \"\\\": it is a name, not a path.");
        }
        if (cp == 0) {
            throw new InvalidName("The name must not contain NUL.");
        }
        if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) {
            throw new InvalidName(
                    "The name must not contain control characters (U+0000–U+001F, U+007F–U+009F); found U+%04X."
                            .formatted(cp));
        }
        if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069)) {
            throw new InvalidName(
                    "The name must not contain bidirectional override or isolate characters; found U+%04X."
                            .formatted(cp));
        }
    }
}
