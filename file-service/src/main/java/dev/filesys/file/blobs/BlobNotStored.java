package dev.filesys.file.blobs;

import java.io.IOException;

/** No blob is stored under the digest asked for. */
public class BlobNotStored extends IOException {

    public BlobNotStored(String sha256) {
        super("no blob stored under " + sha256);
    }
}
