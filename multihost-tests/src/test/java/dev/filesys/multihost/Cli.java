package dev.filesys.multihost;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The real CLI (its exec jar) run on the client host as one user: its own state file, the balancer at the edge's
 * public URL, the edge's certificate trusted. Exactly what a user on another network types.
 */
final class Cli {

    static final String PASSWORD = "velvet-otter-52-lantern";

    private final ProductionTopology topology;
    private final String user;
    private final Path home;

    Cli(ProductionTopology topology, String user) {
        this.topology = topology;
        this.user = user;
        this.home = topology.dir().resolve("client/" + user);
        try {
            Files.createDirectories(home);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String user() {
        return user;
    }

    Path home() {
        return home;
    }

    /** Runs one command to its end. */
    Shell.Result run(String... arguments) {
        return topology.client.run(command(arguments), environment(), Duration.ofMinutes(3));
    }

    /** Starts one command and returns at once (to act while it runs), its output going to {@code log}. */
    Process start(Path log, String... arguments) {
        return topology.client.start(command(arguments), environment(), log);
    }

    /** The server the user's session is on, from the CLI's state file. */
    String serverId() {
        try {
            JsonNode state = ProductionTopology.JSON.readTree(Files.readString(home.resolve("state.json")));
            return state.path("serverId").asString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<String> command(String... arguments) {
        List<String> command = new ArrayList<>(List.of(
                ProductionTopology.java(),
                "-Xmx128m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Djavax.net.ssl.trustStore=" + topology.dir().resolve("client-truststore.p12"),
                "-Djavax.net.ssl.trustStorePassword=changeit",
                "-jar",
                ProductionTopology.jar("filesys.cli.jar")));
        command.addAll(List.of(arguments));
        return command;
    }

    private Map<String, String> environment() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("HOME", home.toString());
        environment.put("FILESYS_BALANCER", ProductionTopology.PUBLIC_URL);
        environment.put("FILESYS_STATE", home.resolve("state.json").toString());
        environment.put("FILESYS_PROGRESS", "plain");
        environment.put("FILESYS_PASSWORD", PASSWORD);
        environment.put("FILESYS_CHUNK_SIZE", "8m");
        return environment;
    }
}
