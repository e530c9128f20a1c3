package dev.filesys.support;

import java.util.UUID;
import java.util.function.Supplier;

/**
 * Ids in request paths ({@code /api/v1/files/{fileId}}). A segment that is not a UUID names nothing, so it gets the
 * caller's own not-found answer rather than a 400: an id that does not parse and one that does not exist look alike.
 */
public final class PathIds {

    private PathIds() {}

    /**
     * @param segment the path segment
     * @param notFound the refusal when it is not a UUID
     * @return the UUID it spells
     */
    public static UUID parse(String segment, Supplier<? extends RuntimeException> notFound) {
        try {
            return UUID.fromString(segment);
        } catch (IllegalArgumentException e) {
            throw notFound.get();
        }
    }
}
