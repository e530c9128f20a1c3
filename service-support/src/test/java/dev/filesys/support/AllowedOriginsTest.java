package dev.filesys.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AllowedOriginsTest {

    @Test
    void configuredOriginsMatchExactlyBySchemeHostAndPort() {
        AllowedOrigins origins = AllowedOrigins.of(List.of("https://files.example.com", "http://127.0.0.1:8080/"));

        assertThat(origins.allows("https://files.example.com")).isTrue();
        assertThat(origins.allows("HTTPS://Files.Example.com")).isTrue();
        assertThat(origins.allows("http://127.0.0.1:8080")).isTrue();
        assertThat(origins.allows("http://files.example.com")).isFalse();
        assertThat(origins.allows("https://files.example.com:8443")).isFalse();
        assertThat(origins.allows("https://evil.files.example.com")).isFalse();
        assertThat(origins.allows("http://127.0.0.1:8081")).isFalse();
        assertThat(origins.allows("null")).isFalse();
        assertThat(origins.allows(null)).isFalse();
    }

    @Test
    void loopbackAllowsTheServicesOwnPortOnEveryLoopbackNameOnceItIsKnown() {
        AtomicInteger port = new AtomicInteger(-1);
        AllowedOrigins origins = AllowedOrigins.loopback(port::get);

        assertThat(origins.allows("http://127.0.0.1:8080")).isFalse();
        port.set(8080);
        assertThat(origins.allows("http://127.0.0.1:8080")).isTrue();
        assertThat(origins.allows("http://localhost:8080")).isTrue();
        assertThat(origins.allows("http://[::1]:8080")).isTrue();
        assertThat(origins.allows("http://127.0.0.1:8081")).isFalse();
        assertThat(origins.allows("https://127.0.0.1:8080")).isFalse();
        assertThat(origins.allows("http://192.168.1.5:8080")).isFalse();
    }

    @Test
    void theOriginsOfAUrlAddTheOtherLoopbackNamesOnlyForALoopbackHost() {
        assertThat(AllowedOrigins.originsOf("http://127.0.0.1:8080/"))
                .containsExactly("http://127.0.0.1:8080", "http://localhost:8080", "http://[::1]:8080");
        assertThat(AllowedOrigins.originsOf("http://localhost:9280/some/path"))
                .containsExactly("http://localhost:9280", "http://127.0.0.1:9280", "http://[::1]:9280");
        assertThat(AllowedOrigins.originsOf("https://Files.example.com/s/file-1"))
                .containsExactly("https://files.example.com");
        assertThat(AllowedOrigins.originsOf("http://balancer:8080")).containsExactly("http://balancer:8080");
    }
}
