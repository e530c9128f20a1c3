package dev.filesys.multihost;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One host of the topology: a network namespace with one interface ({@code eth0}) and one address on the shared
 * segment, its own {@code /etc/hosts} and {@code /etc/resolv.conf} ({@code ip netns exec} mounts the files of
 * {@code /etc/netns/<name>/} over {@code /etc}). Processes started here see only this network.
 */
final class Host {

    private static final Pattern COUNTER = Pattern.compile("counter packets (\\d+) bytes (\\d+)");

    private final String role;
    private final String namespace;
    private final String address;
    private final List<Process> processes = new CopyOnWriteArrayList<>();

    Host(String role, String namespace, String address) {
        this.role = role;
        this.namespace = namespace;
        this.address = address;
    }

    String role() {
        return role;
    }

    String namespace() {
        return namespace;
    }

    String address() {
        return address;
    }

    /** {@code command} as run inside this host. */
    List<String> inside(List<String> command) {
        List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        all.addAll(command);
        return all;
    }

    /** Runs a short command here and fails unless it exits with 0. */
    Shell.Result must(String... command) {
        return Shell.run(inside(List.of(command))).orThrow(inside(List.of(command)));
    }

    /** Runs a command here to completion within {@code timeout}, whatever its exit code. */
    Shell.Result run(List<String> command, Map<String, String> environment, Duration timeout) {
        return Shell.run(inside(command), environment, timeout);
    }

    /**
     * Starts a long-running process here, its output going to {@code log}. {@code ip netns exec} execs the command
     * itself, so the handle's pid is the process's own: killing it kills the service, nothing in between.
     */
    Process start(List<String> command, Map<String, String> environment, Path log) {
        try {
            ProcessBuilder builder = new ProcessBuilder(inside(command))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().putAll(environment);
            Process process = builder.start();
            processes.add(process);
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command + " on " + role, e);
        }
    }

    /** Cuts this host off from {@code target} (a blackhole route here: what it sends there is dropped). */
    void cut(String target) {
        must("ip", "route", "add", "blackhole", target);
    }

    void heal(String target) {
        must("ip", "route", "del", "blackhole", target);
    }

    /** Bytes this host's interface has received so far. */
    long receivedBytes() {
        return Long.parseLong(
                must("cat", "/sys/class/net/eth0/statistics/rx_bytes").out().strip());
    }

    /** Counts, with nftables, every packet that arrives here from {@code source}. */
    void countPacketsFrom(String source) {
        must("nft", "add", "table", "inet", "multihost");
        must(
                "nft",
                "add",
                "chain",
                "inet",
                "multihost",
                "input",
                "{",
                "type",
                "filter",
                "hook",
                "input",
                "priority",
                "0",
                ";",
                "policy",
                "accept",
                ";",
                "}");
        // new connections only: an idle connection the edge already holds may still close while counting
        must(
                "nft",
                "add",
                "rule",
                "inet",
                "multihost",
                "input",
                "ip",
                "saddr",
                source,
                "tcp",
                "flags",
                "&",
                "(syn",
                "|",
                "ack)",
                "==",
                "syn",
                "counter");
    }

    /** The packets counted by {@link #countPacketsFrom} so far. */
    long packetsCounted() {
        Matcher matcher = COUNTER.matcher(
                must("nft", "list", "chain", "inet", "multihost", "input").out());
        if (!matcher.find()) {
            throw new IllegalStateException("no nft counter on " + role);
        }
        return Long.parseLong(matcher.group(1));
    }

    /** Kills what this host still runs: the processes started here, then anything else in its namespace. */
    void stopEverything() {
        for (Process process : processes) {
            process.destroyForcibly();
        }
        for (Process process : processes) {
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Shell.Result pids = Shell.run(List.of("ip", "netns", "pids", namespace));
        for (String pid : pids.out().split("\\s+")) {
            if (!pid.isBlank()) {
                Shell.run(List.of("kill", "-KILL", pid.strip()));
            }
        }
    }

    @Override
    public String toString() {
        return role + " (" + address + ")";
    }
}
