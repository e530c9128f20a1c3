package dev.filesys.cli.client;

import java.util.Locale;

/** Which files a listing covers. */
public enum Scope {
    /** Files the user owns. */
    OWNED,
    /** Files other users shared with the user. */
    SHARED,
    /** Both. */
    ALL;

    String queryValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
