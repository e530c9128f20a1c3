package dev.filesys.support;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The proxies (an edge such as nginx, a load balancer) whose {@code X-Forwarded-*} headers a service believes: a list
 * of CIDR blocks ({@code 10.0.0.0/8}, {@code fd00::/8}) or single addresses. Empty by default, so that a client talking
 * to a service directly can never pass itself off as another address, host or scheme.
 */
public final class TrustedProxies {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");
    private static final TrustedProxies NONE = new TrustedProxies(List.of());

    private final List<Block> blocks;

    private TrustedProxies(List<Block> blocks) {
        this.blocks = List.copyOf(blocks);
    }

    /** Trusts nobody: every forwarded header is dropped. */
    public static TrustedProxies none() {
        return NONE;
    }

    /**
     * @param entries CIDR blocks or single addresses (IPv4 or IPv6 literals, never host names); blank ones are skipped
     * @throws IllegalArgumentException naming the first entry that is not one
     */
    public static TrustedProxies of(List<String> entries) {
        List<Block> blocks = Objects.requireNonNullElse(entries, List.<String>of()).stream()
                .filter(entry -> entry != null && !entry.isBlank())
                .map(entry -> Block.parse(entry.trim()))
                .toList();
        return blocks.isEmpty() ? NONE : new TrustedProxies(blocks);
    }

    /** Whether every entry is a CIDR block or an address ({@link #of} would accept the list). */
    public static boolean isValid(List<String> entries) {
        try {
            of(entries);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether nobody is trusted. */
    public boolean isEmpty() {
        return blocks.isEmpty();
    }

    /** Whether {@code address} (an IP literal; anything else is not trusted) lies in one of the blocks. */
    public boolean contains(String address) {
        InetAddress parsed = literal(address);
        return parsed != null && contains(parsed);
    }

    boolean contains(InetAddress address) {
        return blocks.stream().anyMatch(block -> block.contains(address));
    }

    /**
     * Parses an IP literal without ever asking DNS: IPv4 dotted quads and IPv6 (with or without brackets); anything
     * else, including host names, is {@code null}.
     */
    static InetAddress literal(String text) {
        if (text == null) {
            return null;
        }
        String value = text.trim();
        if (value.startsWith("[") && value.endsWith("]")) {
            value = value.substring(1, value.length() - 1);
        }
        boolean v4 = IPV4.matcher(value).matches();
        if (!v4 && !IPV6.matcher(value).matches()) {
            return null;
        }
        try {
            // a string of digits and dots, or of hex digits and colons, is parsed as a literal: no lookup happens
            return InetAddress.getByName(value);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return blocks.toString();
    }

    /** One CIDR block. */
    private record Block(byte[] network, int prefixLength, String text) {

        static Block parse(String entry) {
            int slash = entry.indexOf('/');
            String address = slash < 0 ? entry : entry.substring(0, slash);
            InetAddress parsed = literal(address);
            if (parsed == null) {
                throw new IllegalArgumentException(
                        "'" + entry + "' is not an IP address or a CIDR block (e.g. 10.0.0.0/8 or fd00::/8)");
            }
            byte[] bytes = parsed.getAddress();
            int bits = bytes.length * 8;
            int prefix = bits;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(entry.substring(slash + 1));
                } catch (NumberFormatException e) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > bits) {
                    throw new IllegalArgumentException("'" + entry + "' has a prefix length outside 0.." + bits);
                }
            }
            return new Block(mask(bytes, prefix), prefix, entry.toLowerCase(Locale.ROOT));
        }

        boolean contains(InetAddress address) {
            byte[] candidate = address.getAddress();
            return candidate.length == network.length && Arrays.equals(mask(candidate, prefixLength), network);
        }

        private static byte[] mask(byte[] address, int prefix) {
            byte[] masked = address.clone();
            for (int i = 0; i < masked.length; i++) {
                int keep = Math.max(0, Math.min(8, prefix - i * 8));
                masked[i] = (byte) (masked[i] & (0xff << (8 - keep)));
            }
            return masked;
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
