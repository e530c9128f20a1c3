package dev.filesys.support;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.PathContainer;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bounds every request body but those of the streaming endpoints before anything parses it: a declared
 * {@code Content-Length} above the limit is refused at once, and a body of unknown length (chunked) is read up to one
 * byte past the limit and refused when it goes past. What passes is handed on from memory, so no parser (Jackson,
 * Spring's form filter, a converter) ever sees more than the limit. Refusals are {@code 413 PAYLOAD_TOO_LARGE}
 * problems, and the connection is closed, so the rest of the body is never read.
 */
class BodyLimitFilter extends OncePerRequestFilter {

    private final long maxBytes;
    private final List<Streaming> streaming;
    private final JsonMapper json;

    private record Streaming(String method, PathPattern pattern) {}

    BodyLimitFilter(HttpLimits limits, JsonMapper json) {
        this.maxBytes = limits.maxJsonBody().toBytes();
        this.json = json;
        PathPatternParser parser = new PathPatternParser();
        this.streaming = limits.streamingBodies().stream()
                .map(spec -> {
                    String[] parts = spec.strip().split("\\s+", 2);
                    if (parts.length != 2) {
                        throw new IllegalArgumentException(
                                "a streaming endpoint is 'METHOD /path/pattern', not '" + spec + "'");
                    }
                    return new Streaming(parts[0].toUpperCase(java.util.Locale.ROOT), parser.parse(parts[1]));
                })
                .toList();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        if (hasNoBody(request, declared) || isStreaming(request)) {
            chain.doFilter(request, response);
            return;
        }
        if (declared > maxBytes) {
            refuse(request, response);
            return;
        }
        byte[] body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        if (body.length > maxBytes) {
            refuse(request, response);
            return;
        }
        chain.doFilter(new BufferedBody(request, body), response);
    }

    /**
     * Whether the request carries no body at all: HTTP/1.1 frames a body only by {@code Content-Length} or
     * {@code Transfer-Encoding}, so without either (or with a length of 0) there is nothing to bound, and most requests
     * (every GET) skip the read and the copy.
     */
    static boolean hasNoBody(HttpServletRequest request, long declared) {
        return declared == 0 || (declared < 0 && request.getHeader(HttpHeaders.TRANSFER_ENCODING) == null);
    }

    private boolean isStreaming(HttpServletRequest request) {
        if (streaming.isEmpty()) {
            return false;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        PathContainer container = PathContainer.parsePath(path);
        return streaming.stream()
                .anyMatch(endpoint -> endpoint.method().equals(request.getMethod())
                        && endpoint.pattern().matches(container));
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ProblemDetail problem = ApiError.PAYLOAD_TOO_LARGE
                .exception("The request body is larger than the " + maxBytes + " bytes this endpoint accepts.")
                .getBody();
        problem.setInstance(java.net.URI.create(request.getRequestURI()));
        response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        // the rest of the body is never read: the connection cannot carry another request
        response.setHeader(HttpHeaders.CONNECTION, "close");
        // with its length, the answer is whole once read: without it, its end is the connection's, and a client still
        // sending the body may see the close as a reset and lose the answer with it
        byte[] body = json.writeValueAsBytes(problem);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }

    /** The request with its (small) body already read into memory. */
    private static final class BufferedBody extends HttpServletRequestWrapper {

        private final byte[] body;

        BufferedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            InputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() throws IOException {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    try {
                        return in.available() == 0;
                    } catch (IOException e) {
                        return true;
                    }
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new IllegalStateException("the body was read already; it is not read asynchronously");
                }
            };
        }

        @Override
        public java.io.BufferedReader getReader() {
            String encoding = getCharacterEncoding();
            java.nio.charset.Charset charset = encoding == null
                    ? java.nio.charset.StandardCharsets.UTF_8
                    : java.nio.charset.Charset.forName(encoding);
            return new java.io.BufferedReader(new java.io.InputStreamReader(new ByteArrayInputStream(body), charset));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
