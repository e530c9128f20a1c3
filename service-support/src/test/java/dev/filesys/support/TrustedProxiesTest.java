package dev.filesys.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {

    @Test
    void blocksContainTheirAddressesAndNoOthers() {
        TrustedProxies trusted = TrustedProxies.of(List.of("10.42.0.0/16", " 192.0.2.7 ", "fd00:1::/32", ""));

        assertThat(trusted.contains("10.42.0.1")).isTrue();
        assertThat(trusted.contains("10.42.255.254")).isTrue();
        assertThat(trusted.contains("10.43.0.1")).isFalse();
        assertThat(trusted.contains("192.0.2.7")).isTrue();
        assertThat(trusted.contains("192.0.2.8")).isFalse();
        assertThat(trusted.contains("fd00:1:ffff::9")).isTrue();
        assertThat(trusted.contains("[fd00:1::9]")).isTrue();
        assertThat(trusted.contains("fd00:2::9")).isFalse();
        // an IPv4 address written as IPv6 is the same address
        assertThat(trusted.contains("::ffff:10.42.3.4")).isTrue();
    }

    @Test
    void oddPrefixLengthsMaskInsideAByte() {
        TrustedProxies trusted = TrustedProxies.of(List.of("172.16.0.0/12", "100.64.0.0/10"));

        assertThat(trusted.contains("172.31.255.255")).isTrue();
        assertThat(trusted.contains("172.32.0.0")).isFalse();
        assertThat(trusted.contains("172.15.255.255")).isFalse();
        assertThat(trusted.contains("100.127.0.1")).isTrue();
        assertThat(trusted.contains("100.128.0.1")).isFalse();
    }

    @Test
    void zeroPrefixTrustsTheWholeFamilyOnly() {
        TrustedProxies trusted = TrustedProxies.of(List.of("0.0.0.0/0"));

        assertThat(trusted.contains("203.0.113.9")).isTrue();
        assertThat(trusted.contains("2001:db8::1")).isFalse();
    }

    @Test
    void nothingConfiguredTrustsNobody() {
        assertThat(TrustedProxies.of(List.of()).isEmpty()).isTrue();
        assertThat(TrustedProxies.of(null).contains("127.0.0.1")).isFalse();
        assertThat(TrustedProxies.none().contains("10.0.0.1")).isFalse();
    }

    @Test
    void namesAndGarbageAreNeverTrustedAndNeverLookedUp() {
        TrustedProxies trusted = TrustedProxies.of(List.of("0.0.0.0/0", "::/0"));

        assertThat(trusted.contains("localhost")).isFalse();
        assertThat(trusted.contains("example.com")).isFalse();
        assertThat(trusted.contains("unknown")).isFalse();
        assertThat(trusted.contains("")).isFalse();
        assertThat(trusted.contains((String) null)).isFalse();
        assertThat(TrustedProxies.literal("files.example.com")).isNull();
    }

    @Test
    void aBadEntryIsNamedInTheError() {
        assertThatThrownBy(() -> TrustedProxies.of(List.of("10.0.0.0/8", "edge.local")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'edge.local'");
        assertThatThrownBy(() -> TrustedProxies.of(List.of("10.0.0.0/33"))).hasMessageContaining("prefix length");
        assertThatThrownBy(() -> TrustedProxies.of(List.of("10.0.0.0/x"))).hasMessageContaining("prefix length");
        assertThat(TrustedProxies.isValid(List.of("10.0.0.0/8", "::1"))).isTrue();
        assertThat(TrustedProxies.isValid(List.of("300.1.1.1"))).isFalse();
    }
}
