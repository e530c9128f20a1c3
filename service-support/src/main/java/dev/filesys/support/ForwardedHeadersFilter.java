package dev.filesys.support;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.web.filter.ForwardedHeaderFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Makes a request that came through a trusted proxy look like the one the client sent: the client's address
 * ({@code getRemoteAddr()}), the scheme, host and port it used, and the path prefix the proxy routes on
 * ({@code X-Forwarded-Prefix}, which becomes the context path, so every URL built from the request carries it). From
 * any other sender the forwarded headers are dropped before anything can read them.
 *
 * <p>The client's address is found as Tomcat's {@code RemoteIpValve} finds it: {@code X-Forwarded-For} is read from
 * right to left, each trusted proxy in it is passed over, and the first address that is not one is the client. The
 * entries left of it were written by the client itself and are ignored, so a client cannot choose its own address by
 * sending the header. Only {@code X-Forwarded-For}, {@code -Proto}, {@code -Host}, {@code -Port} and {@code -Prefix}
 * are understood; RFC 7239 {@code Forwarded} and {@code X-Forwarded-Ssl} are always dropped, so a header the proxy
 * passed through unread cannot override the ones it set.
 */
public final class ForwardedHeadersFilter extends OncePerRequestFilter {

    static final String FORWARDED_FOR = "X-Forwarded-For";
    private static final Set<String> IGNORED = Set.of("forwarded", "x-forwarded-ssl");
    private static final Set<String> FORWARDED = Set.of(
            "forwarded",
            "x-forwarded-ssl",
            "x-forwarded-for",
            "x-forwarded-proto",
            "x-forwarded-host",
            "x-forwarded-port",
            "x-forwarded-prefix");

    private final TrustedProxies trusted;
    private final ForwardedHeaderFilter applying = new ForwardedHeaderFilter();
    private final ForwardedHeaderFilter removing = new ForwardedHeaderFilter();

    public ForwardedHeadersFilter(TrustedProxies trusted) {
        this.trusted = trusted;
        removing.setRemoveOnly(true);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!hasForwardedHeaders(request)) {
            chain.doFilter(request, response);
        } else if (trusted.contains(request.getRemoteAddr())) {
            String client = clientAddress(request);
            applying.doFilter(
                    new FromTrustedProxy(request),
                    response,
                    (forwarded, sameResponse) ->
                            chain.doFilter(new ClientAddress((HttpServletRequest) forwarded, client), sameResponse));
        } else {
            removing.doFilter(request, response, chain);
        }
    }

    /** The rightmost address in {@code X-Forwarded-For} that is not a trusted proxy (see the class comment). */
    String clientAddress(HttpServletRequest request) {
        List<String> hops = Collections.list(request.getHeaders(FORWARDED_FOR)).stream()
                .flatMap(value -> Arrays.stream(value.split(",")))
                .filter(hop -> !hop.isBlank())
                .map(String::trim)
                .toList();
        String client = request.getRemoteAddr();
        for (int i = hops.size() - 1; i >= 0; i--) {
            InetAddress hop = TrustedProxies.literal(withoutPort(hops.get(i)));
            if (hop == null) {
                // not an address: whatever wrote it is not to be believed, the last trusted hop is the client
                break;
            }
            client = hop.getHostAddress();
            if (!trusted.contains(hop)) {
                break;
            }
        }
        return client;
    }

    /** {@code 192.0.2.1:4711} and {@code [2001:db8::1]:4711} without their ports; anything else as it is. */
    private static String withoutPort(String hop) {
        if (hop.startsWith("[")) {
            int end = hop.indexOf(']');
            return end < 0 ? hop : hop.substring(0, end + 1);
        }
        int colon = hop.indexOf(':');
        return colon > 0 && colon == hop.lastIndexOf(':') ? hop.substring(0, colon) : hop;
    }

    /**
     * Runs for every request, so it allocates nothing for the usual one: only a name that starts like a forwarded
     * header ({@code forwarded…}, {@code x-forwarded…}, in any case) is lower-cased and looked up.
     */
    private static boolean hasForwardedHeaders(HttpServletRequest request) {
        for (Enumeration<String> names = request.getHeaderNames(); names.hasMoreElements(); ) {
            String name = names.nextElement();
            if ((name.regionMatches(true, 0, "forwarded", 0, 9) || name.regionMatches(true, 0, "x-forwarded", 0, 11))
                    && FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    /** Hides the headers this service does not understand from Spring's {@link ForwardedHeaderFilter}. */
    private static final class FromTrustedProxy extends HttpServletRequestWrapper {

        FromTrustedProxy(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getHeader(String name) {
            return ignored(name) ? null : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return ignored(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            return Collections.enumeration(Collections.list(super.getHeaderNames()).stream()
                    .filter(name -> !ignored(name))
                    .toList());
        }

        private static boolean ignored(String name) {
            return IGNORED.contains(name.toLowerCase(Locale.ROOT));
        }
    }

    /**
     * The client's address as the right-to-left walk found it, written as the servlet container writes addresses
     * (IPv6 without brackets), in place of the leftmost {@code X-Forwarded-For} entry Spring's filter would take.
     */
    private static final class ClientAddress extends HttpServletRequestWrapper {

        private final String client;

        ClientAddress(HttpServletRequest request, String client) {
            super(request);
            this.client = client;
        }

        @Override
        public String getRemoteAddr() {
            return client;
        }

        @Override
        public String getRemoteHost() {
            return client;
        }
    }
}
