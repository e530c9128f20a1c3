package dev.filesys.multihost;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Hosts on one Ethernet segment, built from network namespaces: a switch namespace holding a bridge, and one
 * namespace per host joined to it by a veth pair. Nothing is attached to the machine's own network namespace, so no
 * packet of the topology can leave it, and no address here can collide with the machine's. Every name carries the
 * run's id, so a run never meets what another (or an aborted one) left behind.
 */
final class Network implements AutoCloseable {

    static final String SUBNET = "10.77.0";

    private final String runId;
    private final String switchNamespace;
    private final List<Host> hosts = new ArrayList<>();
    private boolean switchCreated;
    private int nextPort;

    Network(String runId) {
        this.runId = runId;
        this.switchNamespace = "fsmh-" + runId + "-switch";
    }

    String runId() {
        return runId;
    }

    /** Creates the segment: the switch namespace and its bridge. */
    void create() {
        Shell.must("ip", "netns", "add", switchNamespace);
        switchCreated = true;
        Shell.must("ip", "netns", "exec", switchNamespace, "ip", "link", "add", "br0", "type", "bridge");
        Shell.must("ip", "netns", "exec", switchNamespace, "ip", "link", "set", "br0", "up");
    }

    /**
     * Adds a host with the address {@code 10.77.0.<octet>}.
     *
     * @param reach what the host has routes to: null for the whole segment, else only these addresses
     * @param hostsFile lines for its {@code /etc/hosts} (besides localhost), or none
     * @param nameserver the DNS server in its {@code /etc/resolv.conf}, or null for none
     */
    Host addHost(String role, int octet, List<String> reach, List<String> hostsFile, String nameserver) {
        String namespace = "fsmh-" + runId + "-" + role;
        String address = SUBNET + "." + octet;
        Host host = new Host(role, namespace, address);
        writeEtc(namespace, hostsFile, nameserver);
        Shell.must("ip", "netns", "add", namespace);
        hosts.add(host);
        String port = "p" + (nextPort++);
        Shell.must(
                "ip",
                "link",
                "add",
                "eth0",
                "netns",
                namespace,
                "type",
                "veth",
                "peer",
                "name",
                port,
                "netns",
                switchNamespace);
        Shell.must("ip", "netns", "exec", switchNamespace, "ip", "link", "set", port, "master", "br0");
        Shell.must("ip", "netns", "exec", switchNamespace, "ip", "link", "set", port, "up");
        host.must("ip", "link", "set", "lo", "up");
        if (reach == null) {
            host.must("ip", "addr", "add", address + "/24", "dev", "eth0");
            host.must("ip", "link", "set", "eth0", "up");
        } else {
            // a /32 and host routes only: the host cannot even address the rest of the segment
            host.must("ip", "addr", "add", address + "/32", "dev", "eth0");
            host.must("ip", "link", "set", "eth0", "up");
            for (String target : reach) {
                host.must("ip", "route", "add", target + "/32", "dev", "eth0");
            }
        }
        return host;
    }

    List<Host> hosts() {
        return hosts;
    }

    /** Stops every process of every host and removes the namespaces (and with them the links) and their files. */
    @Override
    public void close() {
        for (Host host : hosts) {
            host.stopEverything();
        }
        for (Host host : hosts) {
            Shell.run(List.of("ip", "netns", "del", host.namespace()));
            deleteTree(Path.of("/etc/netns", host.namespace()));
        }
        if (switchCreated) {
            Shell.run(List.of("ip", "netns", "del", switchNamespace));
        }
    }

    private static void writeEtc(String namespace, List<String> hostsFile, String nameserver) {
        try {
            Path etc = Files.createDirectories(Path.of("/etc/netns", namespace));
            List<String> lines = new ArrayList<>(List.of("127.0.0.1 localhost"));
            lines.addAll(hostsFile);
            Files.write(etc.resolve("hosts"), lines);
            Files.writeString(
                    etc.resolve("resolv.conf"),
                    nameserver == null ? "" : "nameserver " + nameserver + "\noptions timeout:1 attempts:2\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // best effort: the names are unique per run, so a leftover breaks nothing
        }
    }
}
