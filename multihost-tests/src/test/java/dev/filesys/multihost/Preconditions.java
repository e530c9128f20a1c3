package dev.filesys.multihost;

import java.util.ArrayList;
import java.util.List;

/**
 * What the module needs of the machine: root (network namespaces) and the tools that build and run the topology.
 * {@code .ci/run} installs the Debian packages when they are missing; anywhere else a missing one fails the run with
 * one line that names it, never a silent skip.
 */
final class Preconditions {

    private static final List<String> TOOLS =
            List.of("ip", "tc", "nginx", "dnsmasq", "nft", "openssl", "curl", "setpriv", "getent", "bash");

    private Preconditions() {}

    static void require() {
        String user = Shell.run(List.of("id", "-u")).out().strip();
        if (!user.equals("0")) {
            throw new IllegalStateException("multihost-tests need root (network namespaces); this runs as uid " + user);
        }
        List<String> missing = new ArrayList<>();
        for (String tool : TOOLS) {
            if (Shell.run(List.of("sh", "-c", "command -v " + tool)).exit() != 0) {
                missing.add(tool);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("multihost-tests need " + String.join(", ", missing)
                    + " (Debian: apt-get install iproute2 nginx-light dnsmasq-base nftables openssl curl util-linux)");
        }
    }
}
