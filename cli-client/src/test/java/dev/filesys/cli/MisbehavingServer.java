package dev.filesys.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A file-service stand-in that fails in the middle of a download, as WireMock cannot: it serves a file's metadata
 * normally, but sends only the first bytes of its content and then either drops the connection (a stopped server) or
 * keeps it open and sends nothing more (a hung one).
 */
final class MisbehavingServer implements AutoCloseable {

    enum Failure {
        DROP,
        HANG
    }

    private final ServerSocket socket;
    private final Thread acceptor;

    MisbehavingServer(String metadataJson, byte[] content, int sendBytes, String etag, Failure failure) {
        try {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        acceptor = Thread.ofPlatform().daemon().start(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket connection = socket.accept();
                    Thread.ofPlatform()
                            .daemon()
                            .start(() -> serve(connection, metadataJson, content, sendBytes, etag, failure));
                } catch (IOException closed) {
                    return;
                }
            }
        });
    }

    String url() {
        return "http://127.0.0.1:" + socket.getLocalPort();
    }

    private static void serve(
            Socket connection, String metadataJson, byte[] content, int sendBytes, String etag, Failure failure) {
        try (connection) {
            InputStream in = connection.getInputStream();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1));
            OutputStream out = connection.getOutputStream();
            String requestLine;
            while ((requestLine = reader.readLine()) != null) {
                String line;
                while ((line = reader.readLine()) != null && !line.isEmpty()) {
                    // headers: not needed
                }
                if (requestLine.contains("/content ")) {
                    out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + content.length + "\r\nETag: \"" + etag
                                    + "\"\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
                    out.write(content, 0, sendBytes);
                    out.flush();
                    if (failure == Failure.HANG) {
                        // keep the connection open without a byte more, until the client gives up on it
                        while (in.read() >= 0) {
                            // the client sends nothing more; read returns -1 when it closes
                        }
                    }
                    return;
                }
                byte[] body = metadataJson.getBytes(StandardCharsets.UTF_8);
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                                + "\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
            }
        } catch (IOException e) {
            // the client went away: nothing to serve
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        acceptor.interrupt();
    }
}
