package dev.filesys.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The build's training run for the JDK's ahead-of-time cache ({@code -XX:AOTCacheOutput}, JDK 25): the commands a
 * user types most, in one JVM, against a stand-in file-service on a loopback port, so the classes they load (picocli,
 * the HTTP client, Jackson, the state file) are in the cache the launcher starts the CLI with. Not a command.
 */
final class AotTraining {

    private static final String FILES = """
            {"items":[{"fileId":"81729dd9-fa0c-4dfb-80f7-4bf00c610b6e","name":"report.pdf","size":100000,\
            "sha256":"ec9890d99ba543ad8b124cb07df01633cb3d9acf68153d1808b892afaa99927c",\
            "contentType":"application/pdf","createdAt":"2026-12-03T07:51:49.750910Z","owner":"alice",\
            "access":"owner","shares":[]}]}""";

    private AotTraining() {}

    public static void main(String[] args) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/files", exchange -> {
            byte[] body = FILES.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        Path home = Files.createTempDirectory("filesys-aot-training-");
        try {
            Path state = home.resolve("state.json");
            Files.writeString(state, """
                    {"serverId":"file-1","serverUrl":"http://127.0.0.1:%d","sessionToken":"training",\
                    "userId":"c3516a59-175b-4cfc-baa2-ff38d7ba3b75","username":"alice","uploads":{}}""".formatted(server.getAddress().getPort()));
            Map<String, String> environment = Map.of(
                    "HOME", home.toString(),
                    "FILESYS_STATE", state.toString(),
                    "FILESYS_BALANCER",
                            "http://127.0.0.1:" + server.getAddress().getPort());
            run(environment, "ls");
            run(environment, "ls", "--all", "--json");
            run(environment, "--help");
            run(environment, "upload", "--help");
            run(environment, "--version");
            run(environment, "frobnicate");
            run(environment, "upload", home.resolve("missing.pdf").toString());
        } finally {
            server.stop(0);
            try (var files = Files.list(home)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(home);
        }
    }

    private static void run(Map<String, String> environment, String... args) {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream stream = new PrintStream(sink, true, StandardCharsets.UTF_8);
        Cli.run(args, InputStream.nullInputStream(), stream, stream, environment);
    }
}
