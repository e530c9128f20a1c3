package dev.filesys.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.filesys.fault.ProtocolClient.Session;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 9 item 4: the blob root is a 64 MiB tmpfs. An upload that does not fit fails with 507 and a problem code,
 * leaves nothing behind, and a small upload afterwards succeeds. Skipped where {@code mount} is not permitted.
 */
class DiskFullTest {

    private static final long TOO_BIG = 100L << 20;

    @Test
    void anUploadThatDoesNotFitIs507AndLeavesNothing() throws Exception {
        Path dir = Path.of("target", "fault-disk-full-" + System.currentTimeMillis())
                .toAbsolutePath();
        Path disk = dir.resolve("small-disk");
        Files.createDirectories(disk);
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", disk.toString())
                .redirectErrorStream(true)
                .start();
        boolean mounted = mount.waitFor() == 0;
        assumeTrue(
                mounted,
                "assumption: mount -t tmpfs is not permitted here, so the disk-full test is skipped: "
                        + new String(mount.getInputStream().readAllBytes()));
        try (FaultCluster cluster =
                FaultCluster.start(dir, 1, disk.resolve("blobs"), List.of("--filesys.storage.min-free-space=1MB"))) {
            ProtocolClient client = new ProtocolClient(cluster.balancer().url());
            Session session = client.registeredSession("diskfull", "correct horse battery");
            Set<String> before = tree(disk);

            // chunked, with no declared length, so the store really runs out of space while it writes
            String[] answer = rawChunkedUpload(URI.create(session.serverUrl()), session.token());
            int status = Integer.parseInt(answer[0]);
            String body = answer[1];
            System.out.println("disk full: " + status + " " + body);
            assertThat(status).isEqualTo(507);
            assertThat(ProtocolClient.JSON.readTree(body).path("code").asString())
                    .isEqualTo("STORAGE_FULL");
            assertThat(tree(disk)).isEqualTo(before);

            client.upload(session, "small.bin", new byte[4096]);
        } finally {
            new ProcessBuilder("umount", disk.toString()).inheritIO().start().waitFor();
        }
    }

    /**
     * Sends {@value #TOO_BIG} bytes chunked over a plain socket and returns the status and body of the answer. The
     * server answers and stops reading once the disk is full; the JDK's client would report only the broken pipe.
     */
    private static String[] rawChunkedUpload(URI server, String token) throws Exception {
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(60_000);
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write(("POST /api/v1/files?name=huge.bin HTTP/1.1\r\nHost: " + server.getHost() + ":"
                                    + server.getPort() + "\r\nAuthorization: Bearer " + token
                                    + "\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    byte[] chunk = new byte[1 << 16];
                    for (long sent = 0; sent < TOO_BIG; sent += chunk.length) {
                        out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(chunk);
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (IOException expected) {
                    // the server stopped reading: what matters is its answer
                }
            });
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            writer.join();
            String status = response.substring("HTTP/1.1 ".length(), "HTTP/1.1 ".length() + 3);
            String body = response.substring(response.indexOf("\r\n\r\n") + 4);
            // the problem is sent chunked: keep the JSON between the first chunk's size line and its end
            int open = body.indexOf('{');
            int close = body.lastIndexOf('}');
            return new String[] {status, open >= 0 && close > open ? body.substring(open, close + 1) : body};
        }
    }

    private static Set<String> tree(Path root) throws Exception {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.map(p -> root.relativize(p).toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
