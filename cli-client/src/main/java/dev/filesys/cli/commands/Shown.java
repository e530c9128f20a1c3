package dev.filesys.cli.commands;

/**
 * Text that came from the server or another user (file names, content types, owners, event data) as it may be printed
 * on a terminal. A control character could move the cursor, set the window title or start a line that looks like the
 * CLI's own ({@code \nowner: mallory}), and a bidirectional override can make a name read backwards: each is shown as
 * an escape ({@code \x1b}, {@code \n}, {@code \u202e}) instead. Everything else, other scripts and emoji included, is
 * printed as it is. JSON output needs none of this: the JSON encoder escapes control characters itself.
 */
final class Shown {

    private Shown() {}

    /** {@code value} with its control, line-separating and bidirectional-control characters escaped; null as "-". */
    static String text(String value) {
        if (value == null) {
            return "-";
        }
        StringBuilder shown = null;
        for (int i = 0; i < value.length(); ) {
            int c = value.codePointAt(i);
            int next = i + Character.charCount(c);
            if (unsafe(c)) {
                if (shown == null) {
                    shown = new StringBuilder(value.length() + 8).append(value, 0, i);
                }
                shown.append(escape(c));
            } else if (shown != null) {
                shown.appendCodePoint(c);
            }
            i = next;
        }
        return shown == null ? value : shown.toString();
    }

    private static boolean unsafe(int c) {
        return Character.isISOControl(c) // C0, DEL and C1 (U+009B is a one-byte CSI on some terminals)
                || c == 0x2028
                || c == 0x2029 // line and paragraph separators
                || c == 0x061C
                || c == 0x200E
                || c == 0x200F // bidirectional marks
                || (c >= 0x202A && c <= 0x202E) // embeddings and overrides
                || (c >= 0x2066 && c <= 0x2069); // isolates
    }

    private static String escape(int c) {
        return switch (c) {
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            default -> c <= 0xFF ? "\\x%02x".formatted(c) : "\\u%04x".formatted(c);
        };
    }
}
