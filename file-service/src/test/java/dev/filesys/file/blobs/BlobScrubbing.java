package dev.filesys.file.blobs;

import org.springframework.context.ApplicationContext;

/** Lets tests of other packages run the (package-private) blob scrubber of a running context once. */
public final class BlobScrubbing {

    private BlobScrubbing() {}

    /** One scrub run (a whole pass, if one is due or under way); returns how many blobs it checked. */
    public static int scrub(ApplicationContext context) {
        return context.getBean(BlobScrubber.class).scrub();
    }
}
