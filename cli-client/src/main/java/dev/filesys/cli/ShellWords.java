package dev.filesys.cli;

import java.nio.file.Path;

/** What a shell does to a word before the command sees it, as far as the filesys shell does it: {@code ~}. */
final class ShellWords {

    private ShellWords() {}

    /**
     * {@code word} with a leading {@code ~} (alone or before {@code /}) replaced by {@code home}; other words as they
     * are, an empty one as {@code empty}.
     */
    static Path expandHome(String word, Path home, String empty) {
        return Path.of(expandHome(word.isEmpty() ? empty : word, home));
    }

    static String expandHome(String word, Path home) {
        if (word.equals("~")) {
            return home.toString();
        }
        if (word.startsWith("~/")) {
            return home + word.substring(1);
        }
        return word;
    }
}
