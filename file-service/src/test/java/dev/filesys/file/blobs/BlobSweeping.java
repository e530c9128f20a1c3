package dev.filesys.file.blobs;

import org.springframework.context.ApplicationContext;

/** Lets tests of other packages run the (package-private) blob sweeper of a running context once. */
public final class BlobSweeping {

    private BlobSweeping() {}

    /** One sweeper pass; returns how many things it removed. */
    public static int sweep(ApplicationContext context) {
        return context.getBean(BlobSweeper.class).sweep();
    }
}
