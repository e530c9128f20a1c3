package dev.filesys.file.files;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;

/**
 * The rules a file name follows, for every path that accepts one (simple uploads and tus creation). A name is
 * NFC-normalised first, so the NFC and NFD spellings of "é" are the same name; then it must be 1–255 bytes of UTF-8
 * without path separators, NUL, control characters (C0, DEL, C1) or bidirectional overrides and isolates (which make a
 * name display as something it is not), and must not be "." or "..".
 *
 * <p>Nor may it contain invisible or formatting characters: Unicode general categories Cf (format: zero-width space
 * U+200B, the bidi marks U+200E/U+200F/U+061C, the byte-order mark U+FEFF, soft hyphen U+00AD, …), Zl (U+2028) and Zp
 * (U+2029), and the other default-ignorable code points (variation selectors, the combining grapheme joiner, Hangul
 * fillers, tags, and the ranges Unicode keeps for future ones). With them two different files can look identically
 * named. The exceptions are the uses inside an emoji that change how it is drawn, so names with emoji keep working:
 * U+FE0F (emoji presentation) after an emoji otherwise drawn as text ("❤️", "1️⃣"), U+200D (zero-width joiner) between
 * two pictographs ("👩‍💻", "🏳️‍🌈"), and a run of tag characters closed by U+E007F after a pictograph (the flags of England,
 * Scotland and Wales).
 */
public final class FileNames {

    /** The longest name, in bytes of UTF-8. */
    public static final int MAX_BYTES = 255;

    private static final int ZERO_WIDTH_JOINER = 0x200d;
    private static final int COMBINING_ENCLOSING_KEYCAP = 0x20e3;
    private static final int EMOJI_PRESENTATION = 0xfe0f;
    private static final int FIRST_TAG = 0xe0020;
    private static final int CANCEL_TAG = 0xe007f;

    /**
     * Unicode's Default_Ignorable_Code_Point ranges (DerivedCoreProperties.txt, Unicode 16.0), first and last of each.
     * The JDK does not expose the property. Most of these are also Cf; the rest are marks, letters and code points
     * Unicode reserves so that software written today already ignores them.
     */
    private static final int[][] DEFAULT_IGNORABLE = {
        {0x00ad, 0x00ad},
        {0x034f, 0x034f},
        {0x061c, 0x061c},
        {0x115f, 0x1160},
        {0x17b4, 0x17b5},
        {0x180b, 0x180f},
        {0x200b, 0x200f},
        {0x202a, 0x202e},
        {0x2060, 0x206f},
        {0x3164, 0x3164},
        {0xfe00, 0xfe0f},
        {0xfeff, 0xfeff},
        {0xffa0, 0xffa0},
        {0xfff0, 0xfff8},
        {0x1bca0, 0x1bca3},
        {0x1d173, 0x1d17a},
        {0xe0000, 0xe0fff}
    };

    private FileNames() {}

    /**
     * The normalised form of {@code raw}.
     *
     * @throws InvalidName when {@code raw} is missing or breaks a rule; the message says which
     * @throws InvisibleCharacterInName when it contains an invisible or formatting character; the message names the
     *     first one as U+XXXX
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
        int[] codePoints = name.codePoints().toArray();
        for (int i = 0; i < codePoints.length; i++) {
            check(codePoints[i]);
            if (isInvisible(codePoints[i]) && !drawsAnEmoji(codePoints, i)) {
                throw invisible(codePoints[i]);
            }
        }
        return name;
    }

    /**
     * Whether {@code cp} is in general category Cf, Zl or Zp, or is a default-ignorable code point: a character that is
     * not drawn, or changes only how its neighbours are drawn.
     */
    static boolean isInvisible(int cp) {
        int type = Character.getType(cp);
        if (type == Character.FORMAT || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
            return true;
        }
        for (int[] range : DEFAULT_IGNORABLE) {
            if (cp >= range[0] && cp <= range[1]) {
                return true;
            }
        }
        return false;
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

    /**
     * Whether the invisible code point at {@code i} is part of an emoji, where it changes what is drawn: U+FE0F after
     * an emoji that is drawn as text by default (and, after a digit, "#" or "*", only in a keycap such as "1️⃣"), U+200D
     * between two pictographs, and tag characters closed by U+E007F after a pictograph. Anywhere else, as with U+FE0F after
     * an emoji already drawn as one or U+FE0E, the name would look the same without it.
     */
    private static boolean drawsAnEmoji(int[] cps, int i) {
        int cp = cps[i];
        int previous = i > 0 ? cps[i - 1] : -1;
        int next = i + 1 < cps.length ? cps[i + 1] : -1;
        if (cp == EMOJI_PRESENTATION) {
            return previous >= 0
                    && Character.isEmoji(previous)
                    && !Character.isEmojiPresentation(previous)
                    && (previous > 0x7f || next == COMBINING_ENCLOSING_KEYCAP);
        }
        if (cp == ZERO_WIDTH_JOINER) {
            boolean afterEmoji = previous >= 0
                    && (Character.isExtendedPictographic(previous)
                            || Character.isEmojiModifier(previous)
                            || previous == EMOJI_PRESENTATION
                            || previous == CANCEL_TAG);
            return afterEmoji && next >= 0 && Character.isExtendedPictographic(next);
        }
        if (cp >= FIRST_TAG && cp <= CANCEL_TAG) {
            int start = i;
            while (start > 0 && cps[start - 1] >= FIRST_TAG && cps[start - 1] < CANCEL_TAG) {
                start--;
            }
            int end = i;
            while (end < cps.length && cps[end] >= FIRST_TAG && cps[end] < CANCEL_TAG) {
                end++;
            }
            boolean afterEmoji = start > 0 && Character.isExtendedPictographic(cps[start - 1]);
            boolean closed = end > start && end < cps.length && cps[end] == CANCEL_TAG;
            return afterEmoji && closed;
        }
        return false;
    }

    private static InvisibleCharacterInName invisible(int cp) {
        String name = Character.getName(cp);
        return new InvisibleCharacterInName(("The name contains U+%04X%s, an invisible or formatting character; names"
                        + " must not contain such characters (Unicode categories Cf, Zl and Zp, and other"
                        + " default-ignorable code points), as two names that differ only in them look the same.")
                .formatted(cp, name == null ? "" : " (" + name + ")"));
    }
}
