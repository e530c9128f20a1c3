package dev.filesys.browser;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The browser's HTTP proxy (Chromium's {@code --proxy-server}), with a gate on the bodies of uploads (tus {@code PATCH}
 * requests): once {@link #holdAfter(long) held}, it lets that many more bytes of them through and then holds the rest
 * until {@link #release() released}; every other request passes freely (the app's fail-over needs the balancer). So an upload stops at a known point for as long as a test needs (to see its progress
 * bar half full, to reload the page, to stop its server) without timing guesses. Chromium's own network emulation
 * cannot do this: it delays what the page sees while the bytes reach the server at full speed.
 *
 * <p>Plain HTTP only (what the launched system speaks); each request gets a connection of its own upstream, with
 * {@code Connection: close}.
 */
final class GatedProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition opened = lock.newCondition();
    private long allowance = Long.MAX_VALUE;
    private volatile boolean closed;

    GatedProxy() {
        try {
            listener = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofVirtual().name("gated-proxy").start(this::accept);
    }

    /** For Chromium's {@code --proxy-server}. */
    String address() {
        return "http://127.0.0.1:" + listener.getLocalPort();
    }

    /** Lets {@code bytes} more bytes of requests through, then holds the rest. */
    void holdAfter(long bytes) {
        lock.lock();
        try {
            allowance = bytes;
        } finally {
            lock.unlock();
        }
    }

    /** Lets everything through again. */
    void release() {
        lock.lock();
        try {
            allowance = Long.MAX_VALUE;
            opened.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                open.add(client);
                Thread.ofVirtual().start(() -> serve(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream fromClient = client.getInputStream();
            String head = readHead(fromClient);
            if (head == null) {
                return;
            }
            String[] lines = head.split("\r\n");
            String[] requestLine = lines[0].split(" ");
            URI target = URI.create(requestLine[1]);
            StringBuilder upstreamHead = new StringBuilder()
                    .append(requestLine[0])
                    .append(' ')
                    .append(target.getRawPath())
                    .append(target.getRawQuery() == null ? "" : "?" + target.getRawQuery())
                    .append(' ')
                    .append(requestLine[2])
                    .append("\r\n");
            for (int i = 1; i < lines.length; i++) {
                String name = lines[i].substring(0, Math.max(0, lines[i].indexOf(':')))
                        .toLowerCase(Locale.ROOT);
                if (!name.equals("connection") && !name.equals("proxy-connection")) {
                    upstreamHead.append(lines[i]).append("\r\n");
                }
            }
            upstreamHead.append("Connection: close\r\n\r\n");
            try (Socket server = new Socket(target.getHost(), target.getPort())) {
                open.add(server);
                OutputStream toServer = server.getOutputStream();
                toServer.write(upstreamHead.toString().getBytes(StandardCharsets.ISO_8859_1));
                toServer.flush();
                boolean gated = requestLine[0].equals("PATCH");
                Thread.ofVirtual().start(() -> pumpUpstream(fromClient, toServer, server, gated));
                server.getInputStream().transferTo(client.getOutputStream());
            } finally {
                open.remove(client);
            }
        } catch (IOException | RuntimeException e) {
            // the browser or the server went away: this connection is over
        }
    }

    /** Request bodies, through the gate when {@code gated}. */
    private void pumpUpstream(InputStream from, OutputStream to, Socket server, boolean gated) {
        byte[] buffer = new byte[16 * 1024];
        try {
            for (int n = from.read(buffer); n >= 0; n = from.read(buffer)) {
                int sent = 0;
                while (sent < n) {
                    int allowed = gated ? take(n - sent) : n - sent;
                    to.write(buffer, sent, allowed);
                    to.flush();
                    sent += allowed;
                }
            }
        } catch (IOException | InterruptedException e) {
            // the browser closed the connection (after the answer, or aborting the request)
        } finally {
            // a request the browser gave up on must not keep the server waiting for the rest of its body
            try {
                server.close();
            } catch (IOException e) {
                // closed already
            }
        }
    }

    /** Waits until the gate lets at least one byte through; returns how many of {@code wanted} it lets. */
    private int take(int wanted) throws InterruptedException, IOException {
        lock.lock();
        try {
            while (allowance <= 0 && !closed) {
                opened.await();
            }
            if (closed) {
                throw new IOException("proxy closed");
            }
            int allowed = (int) Math.min(wanted, allowance);
            allowance -= allowed;
            return allowed;
        } finally {
            lock.unlock();
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        for (int b = in.read(); b >= 0; b = in.read()) {
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1
                    : (b == '\r' ? 1 : 0);
            if (matched == 4) {
                return head.toString(StandardCharsets.ISO_8859_1).strip();
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        release();
        listener.close();
        for (Socket socket : open) {
            socket.close();
        }
    }
}
