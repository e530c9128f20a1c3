package dev.filesys.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.Security;
import org.junit.jupiter.api.Test;

/**
 * The balancer's {@code main} keeps DNS answers for a few seconds rather than the JVM's 30, so DNS discovery sees new
 * and vanished file-services, but leaves an operator's own setting alone.
 */
class AddressCacheTest {

    private static final String TTL = "networkaddress.cache.ttl";

    @Test
    void dnsAnswersAreKeptBrieflyUnlessTheOperatorSaidHowLong() {
        String before = Security.getProperty(TTL);
        try {
            if (before == null && System.getProperty("sun.net.inetaddr.ttl") == null) {
                BalancerApplication.shortenAddressCache();
                assertThat(Security.getProperty(TTL)).isEqualTo(BalancerApplication.ADDRESS_CACHE_SECONDS);
            }

            Security.setProperty(TTL, "42");
            BalancerApplication.shortenAddressCache();

            assertThat(Security.getProperty(TTL)).isEqualTo("42");
        } finally {
            Security.setProperty(TTL, before == null ? BalancerApplication.ADDRESS_CACHE_SECONDS : before);
        }
    }
}
