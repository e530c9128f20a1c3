package dev.filesys.file.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

/**
 * Raw-byte HTTP for the files and uploads APIs: uploads from byte arrays or generated streams, downloads as bytes or as
 * a streamed digest (for bodies too big to hold). Responses come back whatever their status.
 */
public final class TransferClient {

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    public TransferClient(String baseUrl) {
        this.baseUrl = baseUrl.replaceAll("/+$", "");
    }

    public static TransferClient onPort(int port) {
        return new TransferClient("http://127.0.0.1:" + port);
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** {@code POST /api/v1/files?name=…} with the bytes as the body. */
    public TestClient.Response upload(String token, String name, byte[] content, String... headers) {
        return upload(token, "name=" + encode(name), BodyPublishers.ofByteArray(content), headers);
    }

    /** {@code POST /api/v1/files?<query>} with any body (a generated stream, a chunked body, …). */
    public TestClient.Response upload(String token, String query, BodyPublisher body, String... headers) {
        return text(request("POST", "/api/v1/files" + (query == null ? "" : "?" + query), token, body, headers));
    }

    /** Any request whose response is text (JSON, problem+json or empty). */
    public TestClient.Response text(HttpRequest request) {
        try {
            HttpResponse<String> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                if (!closedBeforeAnswering(e)) {
                    throw e;
                }
                // the pooled connection was one the server closed after refusing the previous body unread (its
                // answer says Connection: close, which can arrive after the client took the connection again): the
                // request never reached the service, so it is sent once more on a new connection
                response = http.send(request, HttpResponse.BodyHandlers.ofString());
            }
            return new TestClient.Response(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean closedBeforeAnswering(IOException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.io.EOFException
                    || String.valueOf(cause.getMessage()).contains("header parser received no bytes")) {
                return true;
            }
        }
        return false;
    }

    public TestClient.Response send(String method, String path, String token, String... headers) {
        return text(request(method, path, token, BodyPublishers.noBody(), headers));
    }

    /** {@code GET /api/v1/files/{id}/content} with extra headers (name, value, …), the body as bytes. */
    public Download download(String token, String fileId, String... headers) {
        HttpRequest request = request("GET", "/api/v1/files/" + fileId + "/content", token, null, headers);
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Download(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A download streamed through a digest: status, headers, the SHA-256 and length of the body. */
    public DigestedDownload downloadDigest(String token, String fileId) {
        HttpRequest request = request("GET", "/api/v1/files/" + fileId + "/content", token, null);
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            MessageDigest sha256 = sha256();
            long length = 0;
            try (InputStream body = response.body()) {
                byte[] buffer = new byte[64 * 1024];
                int n;
                while ((n = body.read(buffer)) >= 0) {
                    sha256.update(buffer, 0, n);
                    length += n;
                }
            }
            return new DigestedDownload(
                    response.statusCode(), response.headers(), HexFormat.of().formatHex(sha256.digest()), length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A download whose body is handed over as a stream, for tests that read it slowly or expect it to break. */
    public HttpResponse<InputStream> openDownload(String token, String fileId) {
        try {
            return http.send(
                    request("GET", "/api/v1/files/" + fileId + "/content", token, null),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpRequest request(String method, String path, String token, BodyPublisher body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(resolve(path))
                .timeout(Duration.ofMinutes(5))
                .method(method, body == null ? BodyPublishers.noBody() : body);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return request.build();
    }

    public HttpClient http() {
        return http;
    }

    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public static String sha256Hex(byte[] content) {
        return HexFormat.of().formatHex(sha256().digest(content));
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A downloaded body. */
    public record Download(int status, HttpHeaders headers, byte[] body) {

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        public Download expect(int expected) {
            if (status != expected) {
                throw new AssertionError("expected HTTP " + expected + " but got " + status + ": "
                        + new String(body, StandardCharsets.UTF_8));
            }
            return this;
        }
    }

    /** A download that was digested rather than kept. */
    public record DigestedDownload(int status, HttpHeaders headers, String sha256, long length) {}

    /** Headers as name/value pairs, for the varargs above. */
    public static String[] headers(Map<String, String> headers) {
        return headers.entrySet().stream()
                .flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue()))
                .toArray(String[]::new);
    }

    /** A path below the service, or an absolute URL the service wrote (a {@code Location}). */
    private URI resolve(String pathOrUrl) {
        return URI.create(pathOrUrl.startsWith("http://") ? pathOrUrl : baseUrl + pathOrUrl);
    }
}
