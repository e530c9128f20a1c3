package dev.filesys.multihost;

import java.net.URI;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * The storage host's S3-compatible store as a program of its own: s3proxy over a directory (one sub-directory per
 * bucket), so the test can see every object the file-services leave behind.
 *
 * <pre>java -cp &lt;test classpath&gt; dev.filesys.multihost.S3Store ENDPOINT DIRECTORY ACCESS_KEY SECRET_KEY</pre>
 */
public final class S3Store {

    private S3Store() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: S3Store ENDPOINT DIRECTORY ACCESS_KEY SECRET_KEY");
            System.exit(2);
        }
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(new FilesystemNio2BlobStore(args[1]))
                .endpoint(URI.create(args[0]))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, args[2], args[3])
                .build();
        proxy.start();
        System.out.println("s3proxy listening at " + args[0] + " over " + args[1]);
        // the server's threads keep the process alive until it is killed
        Thread.currentThread().join();
    }
}
