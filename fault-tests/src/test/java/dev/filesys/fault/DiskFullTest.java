package dev.filesys.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.filesys.fault.ProtocolClient.Session;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Fault-suite item 4 (docs/fault-suite.md): the blob root is a 64 MiB tmpfs. An upload that does not fit fails with 507
 * and a problem code, leaves nothing behind, and a small upload afterwards succeeds. Skipped where {@code mount} is not
 * permitted.
 */
class DiskFullTest {

    private static final long TOO_BIG = 100L << 20;
    /** Fits the 64 MiB disk twice over (its chunks, then the staged blob), so only the filler can make it not fit. */
    private static final int TUS_LENGTH = 24 << 20;

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
            URI server = URI.create(session.serverUrl());
            String[] answer = rawChunkedUpload(
                    server,
                    "POST /api/v1/files?name=huge.bin HTTP/1.1\r\n" + headers(server, session.token())
                            + "Content-Type: application/octet-stream\r\n",
                    TOO_BIG);
            int status = Integer.parseInt(answer[0]);
            String body = answer[1];
            System.out.println("disk full: " + status + " " + body);
            assertThat(status).isEqualTo(507);
            assertThat(ProtocolClient.JSON.readTree(body).path("code").asString())
                    .isEqualTo("STORAGE_FULL");
            assertThat(tree(disk)).isEqualTo(before);

            client.upload(session, "small.bin", new byte[4096]);

            tusChunkOnAFullDisk(client, session, disk);
        } finally {
            new ProcessBuilder("umount", disk.toString()).inheritIO().start().waitFor();
        }
    }

    /**
     * A tus upload whose PATCH finds the disk full (filled by another file after the upload was created) is {@code 507
     * STORAGE_FULL}, keeps its offset from before that PATCH with nothing of the PATCH left behind, and completes once
     * the space is back.
     */
    private static void tusChunkOnAFullDisk(ProtocolClient client, Session session, Path disk) throws Exception {
        byte[] content = new byte[TUS_LENGTH];
        new Random(7).nextBytes(content);
        HttpResponse<String> created = client.send(tus(session, URI.create(session.serverUrl() + "/api/v1/uploads"))
                .header("Upload-Length", Integer.toString(TUS_LENGTH))
                .header(
                        "Upload-Metadata",
                        "filename " + Base64.getEncoder().encodeToString("tus.bin".getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.noBody()));
        ProtocolClient.expect(created, 201);
        URI upload = URI.create(session.serverUrl())
                .resolve(created.headers().firstValue("Location").orElseThrow());
        int first = 1 << 20;
        ProtocolClient.expect(client.send(patch(session, upload, 0, Arrays.copyOfRange(content, 0, first))), 204);

        // another tenant of the disk leaves 4 MiB free: the next PATCH cannot fit
        Path filler = disk.resolve("filler");
        try (OutputStream out = Files.newOutputStream(filler)) {
            byte[] block = new byte[1 << 20];
            while (Files.getFileStore(disk).getUsableSpace() > (4L << 20) + block.length) {
                out.write(block);
            }
        }
        Set<String> before = tree(disk.resolve("blobs"));
        URI server = URI.create(session.serverUrl());
        String[] answer = rawChunkedUpload(
                server,
                "PATCH " + upload.getRawPath() + " HTTP/1.1\r\n" + headers(server, session.token())
                        + "Tus-Resumable: 1.0.0\r\nUpload-Offset: " + first
                        + "\r\nContent-Type: application/offset+octet-stream\r\n",
                TUS_LENGTH - first);
        System.out.println("disk full, tus PATCH: " + answer[0] + " " + answer[1]);
        assertThat(Integer.parseInt(answer[0])).isEqualTo(507);
        assertThat(ProtocolClient.JSON.readTree(answer[1]).path("code").asString())
                .isEqualTo("STORAGE_FULL");
        assertThat(tree(disk.resolve("blobs"))).isEqualTo(before);
        HttpResponse<String> head =
                client.send(tus(session, upload).method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertThat(head.headers().firstValue("Upload-Offset")).contains(Integer.toString(first));

        // space comes back: the upload resumes where it was and completes
        Files.delete(filler);
        HttpResponse<String> resumed =
                client.send(patch(session, upload, first, Arrays.copyOfRange(content, first, TUS_LENGTH)));
        ProtocolClient.expect(resumed, 204);
        HttpResponse<byte[]> download = client.download(
                session, resumed.headers().firstValue("X-File-Id").orElseThrow());
        assertThat(download.body()).isEqualTo(content);
    }

    private static HttpRequest.Builder tus(Session session, URI uri) {
        return HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer " + session.token())
                .header("Tus-Resumable", "1.0.0");
    }

    private static HttpRequest.Builder patch(Session session, URI upload, long offset, byte[] bytes) {
        return tus(session, upload)
                .header("Upload-Offset", Long.toString(offset))
                .header("Content-Type", "application/offset+octet-stream")
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(bytes));
    }

    private static String headers(URI server, String token) {
        return "Host: " + server.getHost() + ":" + server.getPort() + "\r\nAuthorization: Bearer " + token + "\r\n";
    }

    /**
     * Sends {@code head} (request line and headers, without the blank line) and {@code bytes} bytes chunked over a plain
     * socket, and returns the status and body of the answer. The server answers and stops reading once the disk is
     * full; the JDK's client would report only the broken pipe.
     */
    private static String[] rawChunkedUpload(URI server, String head, long bytes) throws Exception {
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(60_000);
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write((head + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    byte[] chunk = new byte[1 << 16];
                    for (long sent = 0; sent < bytes; sent += chunk.length) {
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
