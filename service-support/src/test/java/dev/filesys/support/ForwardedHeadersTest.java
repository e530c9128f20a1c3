package dev.filesys.support;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** Forwarded headers change what a handler sees only when the sender is a trusted proxy. */
@WebMvcTest(controllers = SampleController.class)
@Import(ForwardedHeadersTest.Proxies.class)
class ForwardedHeadersTest {

    private static final String EDGE = "10.1.0.5";

    @TestConfiguration
    static class Proxies {
        @Bean
        TrustedProxies trustedProxies() {
            return TrustedProxies.of(List.of("10.1.0.0/24", "10.2.0.9"));
        }
    }

    @Autowired
    MockMvc mvc;

    @Test
    void throughTheEdgeTheRequestIsTheClients() throws Exception {
        mvc.perform(from(EDGE, get("/sample/where"))
                        .header("X-Forwarded-For", "203.0.113.7")
                        .header("X-Forwarded-Proto", "https")
                        .header("X-Forwarded-Host", "files.example.com")
                        .header("X-Forwarded-Prefix", "/s/file-service-0"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.remoteAddr").value("203.0.113.7"))
                .andExpect(jsonPath("$.scheme").value("https"))
                .andExpect(jsonPath("$.secure").value(true))
                .andExpect(jsonPath("$.host").value("files.example.com"))
                .andExpect(jsonPath("$.port").value(443))
                .andExpect(jsonPath("$.contextPath").value("/s/file-service-0"))
                .andExpect(jsonPath("$.link").value("https://files.example.com/s/file-service-0/sample/where"));
    }

    @Test
    void aPortInTheForwardedHostIsKept() throws Exception {
        mvc.perform(from(EDGE, get("/sample/where"))
                        .header("X-Forwarded-Proto", "https")
                        .header("X-Forwarded-Host", "files.example.com:8443"))
                .andExpect(jsonPath("$.link").value("https://files.example.com:8443/sample/where"));
    }

    @Test
    void fromAnyoneElseForwardedHeadersAreDroppedUnread() throws Exception {
        mvc.perform(from("198.51.100.20", get("/sample/where"))
                        .header("X-Forwarded-For", "203.0.113.7")
                        .header("X-Forwarded-Proto", "https")
                        .header("X-Forwarded-Host", "evil.example")
                        .header("X-Forwarded-Prefix", "/elsewhere"))
                .andExpect(jsonPath("$.remoteAddr").value("198.51.100.20"))
                .andExpect(jsonPath("$.scheme").value("http"))
                .andExpect(jsonPath("$.host").value("localhost"))
                .andExpect(jsonPath("$.contextPath").value(""))
                .andExpect(jsonPath("$.link").value("http://localhost/sample/where"))
                // removed, so nothing later (a library building URLs itself) can read them either
                .andExpect(jsonPath("$.forwardedHost").value("null"));
    }

    @Test
    void aClientCannotChooseItsAddressByWritingTheHeaderItself() throws Exception {
        // the edge appends the address it saw; whatever the client wrote stands left of it
        mvc.perform(from(EDGE, get("/sample/where")).header("X-Forwarded-For", "1.2.3.4, 203.0.113.7"))
                .andExpect(jsonPath("$.remoteAddr").value("203.0.113.7"));
    }

    @Test
    void trustedHopsArePassedOverFromTheRight() throws Exception {
        // client -> another trusted proxy (10.2.0.9) -> the edge: the client is the first untrusted from the right
        mvc.perform(from(EDGE, get("/sample/where")).header("X-Forwarded-For", "6.6.6.6, 203.0.113.7, 10.2.0.9"))
                .andExpect(jsonPath("$.remoteAddr").value("203.0.113.7"));
        // several header lines count as one list
        mvc.perform(from(EDGE, get("/sample/where"))
                        .header("X-Forwarded-For", "203.0.113.8")
                        .header("X-Forwarded-For", "10.2.0.9"))
                .andExpect(jsonPath("$.remoteAddr").value("203.0.113.8"));
    }

    @Test
    void garbageInTheChainStopsAtTheLastTrustedHop() throws Exception {
        mvc.perform(from(EDGE, get("/sample/where")).header("X-Forwarded-For", "203.0.113.7, not-an-address"))
                .andExpect(jsonPath("$.remoteAddr").value(EDGE));
        mvc.perform(from(EDGE, get("/sample/where")).header("X-Forwarded-For", "[2001:db8::7]:4711"))
                .andExpect(jsonPath("$.remoteAddr").value("2001:db8:0:0:0:0:0:7"));
        mvc.perform(from(EDGE, get("/sample/where")).header("X-Forwarded-For", "203.0.113.9:4711"))
                .andExpect(jsonPath("$.remoteAddr").value("203.0.113.9"));
    }

    @Test
    void rfc7239ForwardedIsIgnoredEvenFromTheEdge() throws Exception {
        // an edge that sets the X-Forwarded-* headers may pass a client's Forwarded header through unread
        mvc.perform(from(EDGE, get("/sample/where"))
                        .header("Forwarded", "for=6.6.6.6;host=evil.example;proto=http")
                        .header("X-Forwarded-Ssl", "off")
                        .header("X-Forwarded-For", "203.0.113.7")
                        .header("X-Forwarded-Proto", "https")
                        .header("X-Forwarded-Host", "files.example.com"))
                .andExpect(jsonPath("$.remoteAddr").value("203.0.113.7"))
                .andExpect(jsonPath("$.host").value("files.example.com"))
                .andExpect(jsonPath("$.scheme").value("https"));
    }

    @Test
    void withoutForwardedHeadersNothingChanges() throws Exception {
        mvc.perform(from(EDGE, get("/sample/where")))
                .andExpect(jsonPath("$.remoteAddr").value(EDGE))
                .andExpect(jsonPath("$.scheme").value("http"));
    }

    private static MockHttpServletRequestBuilder from(String address, MockHttpServletRequestBuilder request) {
        return request.with(r -> {
            r.setRemoteAddr(address);
            return r;
        });
    }
}
