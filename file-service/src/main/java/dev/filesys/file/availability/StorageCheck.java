package dev.filesys.file.availability;

import java.io.IOException;

/**
 * A check of storage beyond the local storage root (the bucket of an object store), run with the background storage
 * check: the instance counts its storage as usable only when the root is and every such check passes. A bean of this
 * type is all a feature provides; availability knows nothing of what it checks.
 */
@FunctionalInterface
public interface StorageCheck {

    /**
     * Returns when the storage can be used now, within a few seconds.
     *
     * @throws IOException saying why it cannot
     */
    void check() throws IOException;
}
