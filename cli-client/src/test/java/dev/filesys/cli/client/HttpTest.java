package dev.filesys.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpTest {

    @Test
    void transportFailuresAreSaidInAFewWords() {
        assertThat(Http.reason(new ConnectException())).isEqualTo("connection refused");
        assertThat(Http.reason(new HttpConnectTimeoutException("x"))).isEqualTo("connect timed out");
        assertThat(Http.reason(new HttpTimeoutException("request timed out"))).isEqualTo("no answer in time");
        assertThat(Http.reason(new IOException("HTTP/1.1 header parser received no bytes")))
                .isEqualTo("connection closed");
        assertThat(Http.reason(new IOException("closed", new EOFException("EOF reached while reading"))))
                .isEqualTo("connection closed");
        assertThat(Http.reason(new IOException("Connection reset by peer"))).isEqualTo("connection reset");
        assertThat(Http.reason(new IOException())).isEqualTo("connection closed");
    }

    @Test
    void whoDidNotAnswerIsNamed() {
        URI uri = URI.create("http://127.0.0.1:8081/api/v1/files?scope=owned");

        assertThat(Http.unreachable(uri, new ConnectException(), false).getMessage())
                .isEqualTo("the file-service at http://127.0.0.1:8081 is not answering (connection refused)");
        assertThat(Http.unreachable(uri, new ConnectException(), true).getMessage())
                .isEqualTo("cannot reach the balancer at http://127.0.0.1:8081 (connection refused)");
    }

    @Test
    void aProblemBodyGivesCodeDetailAndRetryAfter() {
        byte[] body = "{\"title\":\"Conflict\",\"status\":409,\"detail\":\"Name taken.\",\"code\":\"NAME_TAKEN\"}"
                .getBytes(StandardCharsets.UTF_8);

        RequestRefused refused = Http.refusal(409, headers(Map.of("Retry-After", List.of("7"))), body);

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.code()).isEqualTo("NAME_TAKEN");
        assertThat(refused.detail()).isEqualTo("Name taken.");
        assertThat(refused.retryAfter()).hasSeconds(7);
    }

    @Test
    void anythingElseIsDescribedByItsStatus() {
        RequestRefused html = Http.refusal(502, headers(Map.of()), "<html>".getBytes(StandardCharsets.UTF_8));
        RequestRefused empty =
                Http.refusal(499, headers(Map.of("Retry-After", List.of("Fri, 07 Nov 2026"))), new byte[0]);
        RequestRefused titleOnly =
                Http.refusal(404, headers(Map.of()), "{\"title\":\"Not Found\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(html.code()).isEqualTo("BAD_GATEWAY");
        assertThat(html.detail()).isEqualTo("the server answered HTTP 502");
        assertThat(empty.code()).isEqualTo("HTTP_499");
        assertThat(empty.retryAfter()).isNull();
        assertThat(titleOnly.code()).isEqualTo("NOT_FOUND");
        assertThat(titleOnly.detail()).isEqualTo("Not Found");
    }

    private static HttpHeaders headers(Map<String, List<String>> values) {
        return HttpHeaders.of(values, (name, value) -> true);
    }
}
