package dev.filesys.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * Stand-in file-services for the balancer: JDK HttpServers on loopback answering the availability probe with yes, or
 * (in hang mode) accepting the connection and reading the request but never answering.
 */
final class StandIns implements AutoCloseable {

    private static final byte[] YES =
            "{\"available\":true,\"activeSessions\":0,\"capacity\":10000}".getBytes(StandardCharsets.UTF_8);

    /** One stand-in. */
    static final class StandIn {
        final String id;
        final HttpServer server;
        private final Object lock = new Object();
        private boolean hanging;

        StandIn(String id, HttpServer server) {
            this.id = id;
            this.server = server;
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        void hang(boolean hang) {
            synchronized (lock) {
                hanging = hang;
                lock.notifyAll();
            }
        }

        void handle(HttpExchange exchange) throws IOException {
            try (exchange;
                    InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
                synchronized (lock) {
                    while (hanging) {
                        lock.wait();
                    }
                }
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, YES.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(YES);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                // the balancer gave up on a hanging probe and closed the connection
            }
        }
    }

    final List<StandIn> standIns = new ArrayList<>();

    StandIns(int count) throws IOException {
        for (int i = 0; i < count; i++) {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
            StandIn standIn = new StandIn("stand-in-" + (i + 1), server);
            server.createContext("/internal/v1/availability", standIn::handle);
            // a hanging probe parks a virtual thread, not one of a few platform threads
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.start();
            standIns.add(standIn);
        }
    }

    /** The balancer settings that make these its static servers. */
    List<String> balancerSettings() {
        List<String> settings = new ArrayList<>();
        for (int i = 0; i < standIns.size(); i++) {
            settings.add("--filesys.balancer.servers[" + i + "].id=" + standIns.get(i).id);
            settings.add("--filesys.balancer.servers[" + i + "].url="
                    + standIns.get(i).url());
        }
        return settings;
    }

    @Override
    public void close() {
        for (StandIn standIn : standIns) {
            standIn.hang(false);
            standIn.server.stop(0);
        }
    }
}
