package dev.filesys.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/** The peer: nginx as a WebDAV server on loopback ({@code bench/nginx-webdav.sh}), without hashing or fsync. */
record Nginx(Path script, Path dir, String url) implements AutoCloseable {

    static Nginx start(Options options) throws IOException {
        Path script = options.repo().resolve("bench/nginx-webdav.sh");
        Path dir = options.work().resolve("nginx");
        int port = Cluster.freePort();
        Proc.run(Duration.ofMinutes(5), script.toString(), "start", String.valueOf(port), dir.toString())
                .orThrow("nginx-webdav.sh start");
        return new Nginx(script, dir, "http://127.0.0.1:" + port);
    }

    static String version() {
        return Proc.run(Duration.ofSeconds(10), "nginx", "-v").out().strip();
    }

    @Override
    public void close() {
        Proc.run(Duration.ofSeconds(30), script.toString(), "stop", dir.toString());
    }
}
