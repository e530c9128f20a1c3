package dev.filesys.e2e;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shell blocks of a Markdown document and the marker before each: {@code <!-- runnable -->} before a fenced
 * {@code bash} or {@code sh} block means a reader can paste it as it is, and the documented-commands test runs it;
 * {@code <!-- not runnable: why -->} says why a block is not run. The marker is the last non-blank line before the
 * opening fence.
 */
final class RunnableBlocks {

    static final String RUNNABLE = "<!-- runnable -->";

    private static final Set<String> SHELLS = Set.of("bash", "sh");
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(`{3,}|~{3,})\\s*([^`\\s]*).*$");
    private static final Pattern NOT_RUNNABLE = Pattern.compile("^<!-- not runnable: \\S.*-->$");

    private RunnableBlocks() {}

    /** What the line before a block says about it. */
    enum Marker {
        RUNNABLE,
        NOT_RUNNABLE,
        NONE
    }

    /**
     * A fenced shell block.
     *
     * @param fenceLine the 1-based line number of its opening fence
     * @param lines its lines, without the fences
     */
    record Block(int fenceLine, Marker marker, List<String> lines) {

        /** The 1-based line number of its {@code i}-th line. */
        int lineNumber(int i) {
            return fenceLine + 1 + i;
        }
    }

    /** Every fenced {@code bash} or {@code sh} block of the document, in order; other fenced blocks are skipped. */
    static List<Block> shellBlocks(String markdown) {
        List<String> lines = markdown.lines().toList();
        List<Block> blocks = new ArrayList<>();
        String previous = "";
        for (int i = 0; i < lines.size(); i++) {
            Matcher opening = FENCE.matcher(lines.get(i));
            if (!opening.matches()) {
                if (!lines.get(i).isBlank()) {
                    previous = lines.get(i).strip();
                }
                continue;
            }
            String fence = opening.group(1);
            int end = i + 1;
            while (end < lines.size() && !closes(lines.get(end), fence)) {
                end++;
            }
            if (end == lines.size()) {
                throw new IllegalArgumentException("the fence at line " + (i + 1) + " is never closed");
            }
            if (SHELLS.contains(opening.group(2))) {
                blocks.add(new Block(i + 1, marker(previous), List.copyOf(lines.subList(i + 1, end))));
            }
            previous = "";
            i = end;
        }
        return blocks;
    }

    /**
     * The runnable blocks as one bash script whose line numbers are the document's, so {@code $LINENO} names the
     * document's line: every other line is blank, but for the opening fences, which announce their block. It stops at
     * the first command that fails ({@code -e}, also inside functions and pipelines) or uses an unset variable, and
     * says on standard error which line of {@code documentName} that was.
     *
     * @param replacements pairs of text and its replacement, applied to every runnable line (the addresses of the
     *     system under test for the documented ones)
     */
    static String script(String documentName, String markdown, String... replacements) {
        String[] script = new String[(int) markdown.lines().count() + 1];
        Arrays.fill(script, "");
        script[0] = "set -Eeuo pipefail; trap 'status=$?; echo \"FAILED: " + documentName
                + " line $LINENO, exit $status: $BASH_COMMAND\" >&2' ERR";
        for (Block block : shellBlocks(markdown)) {
            if (block.marker() != Marker.RUNNABLE) {
                continue;
            }
            script[block.fenceLine() - 1] = "printf '\\n== %s line %d\\n' '" + documentName + "' " + block.fenceLine();
            for (int i = 0; i < block.lines().size(); i++) {
                String line = block.lines().get(i);
                for (int r = 0; r + 1 < replacements.length; r += 2) {
                    line = line.replace(replacements[r], replacements[r + 1]);
                }
                script[block.lineNumber(i) - 1] = line;
            }
        }
        return String.join("\n", script) + "\n";
    }

    private static boolean closes(String line, String fence) {
        String stripped = line.strip();
        return line.length() - line.stripLeading().length() <= 3
                && stripped.length() >= fence.length()
                && stripped.chars().allMatch(c -> c == fence.charAt(0));
    }

    private static Marker marker(String previous) {
        if (previous.equals(RUNNABLE)) {
            return Marker.RUNNABLE;
        }
        return NOT_RUNNABLE.matcher(previous).matches() ? Marker.NOT_RUNNABLE : Marker.NONE;
    }
}
