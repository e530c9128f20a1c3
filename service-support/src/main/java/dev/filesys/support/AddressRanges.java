package dev.filesys.support;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/** A list of addresses and CIDR ranges ({@code 10.0.0.0/8}, {@code fd00::/8}, {@code 192.0.2.7}), IPv4 and IPv6. */
final class AddressRanges {

    private record Range(byte[] network, int prefix) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int whole = prefix / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[whole] & mask) == (network[whole] & mask);
        }
    }

    private final List<Range> ranges;

    private AddressRanges(List<Range> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    /**
     * @param specs addresses or CIDR ranges, as literals (never names: nothing is looked up)
     * @throws IllegalArgumentException naming the entry that is neither
     */
    static AddressRanges parse(List<String> specs) {
        List<Range> ranges = new ArrayList<>();
        for (String spec : specs) {
            String text = spec.strip();
            int slash = text.indexOf('/');
            String literal = slash < 0 ? text : text.substring(0, slash);
            if (!literal.matches("[0-9a-fA-F:.]+") || !(literal.contains(".") || literal.contains(":"))) {
                throw new IllegalArgumentException("'" + spec + "' is not an IP address or CIDR range");
            }
            byte[] network;
            try {
                network = InetAddress.getByName(literal).getAddress();
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("'" + spec + "' is not an IP address or CIDR range");
            }
            int prefix;
            try {
                prefix = slash < 0 ? network.length * 8 : Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + spec + "' has no valid prefix length");
            }
            if (prefix < 0 || prefix > network.length * 8) {
                throw new IllegalArgumentException("'" + spec + "' has a prefix length out of range");
            }
            ranges.add(new Range(network, prefix));
        }
        return new AddressRanges(ranges);
    }

    boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        for (Range range : ranges) {
            if (range.contains(bytes)) {
                return true;
            }
        }
        return false;
    }
}
