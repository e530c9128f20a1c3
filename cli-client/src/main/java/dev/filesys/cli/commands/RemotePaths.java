package dev.filesys.cli.commands;

/**
 * Paths in the user's own tree as typed on the command line: {@code /reports/2026/q3.pdf}, or without the leading
 * {@code /} ({@code reports/2026}), from the root folder either way. What the server thinks of the levels (names,
 * {@code ..}) it says itself ({@code INVALID_PATH}).
 */
final class RemotePaths {

    static final String ROOT = "/";

    private RemotePaths() {}

    /** Whether what was typed names a place in the tree rather than a name or id: it holds a {@code /}. */
    static boolean isPath(String typed) {
        return typed.indexOf('/') >= 0;
    }

    /** {@code /a/b} for {@code a/b}, {@code /a/b/} or {@code /a/b}; {@code /} for the root folder. */
    static String normalize(String typed) {
        String path = typed.startsWith(ROOT) ? typed : ROOT + typed;
        while (path.length() > 1 && path.endsWith(ROOT)) {
            path = path.substring(0, path.length() - 1);
        }
        return path;
    }

    /** The folder that holds {@code path} ({@code /} for a top-level item); {@code path} is normalized. */
    static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? ROOT : path.substring(0, slash);
    }

    /** The last level of a normalized path. */
    static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** {@code folder/name}, without a double slash at the root. */
    static String child(String folder, String name) {
        return folder.endsWith(ROOT) ? folder + name : folder + ROOT + name;
    }
}
