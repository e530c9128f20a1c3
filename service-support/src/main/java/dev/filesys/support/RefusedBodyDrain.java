package dev.filesys.support;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads and discards, for a few seconds, the rest of a body the service refused without reading it all, once the
 * refusal has been sent: a lingering close, as nginx and Apache do it.
 *
 * <p>A client that does not wait for {@code 100 Continue} (Java's {@code HttpClient}, most libraries) sends its whole
 * body while the refusal is on its way (a {@code 507 QUOTA_EXCEEDED}, a {@code 401} for an expired token). Tomcat
 * drains nothing of what the application left unread ({@code maxSwallowSize} is 0, so a trickling body cannot hold the
 * connection), and a socket closed with unread bytes sends a reset: the client's write fails, and with it the whole
 * exchange, before it reads the answer. Reading the rest lets the client finish sending and read the refusal; a body
 * read to its end even leaves the connection usable for the next request.
 *
 * <p>The drain is bounded by {@link #LINGER}, checked after each read (a read itself waits at most the server's read
 * timeout, as any upload read does), and skipped where it cannot help: a request whose body was read to its end, a
 * read that failed, a {@code 408} (the client is too slow; its connection is let go at once), an asynchronous request,
 * and a client that asked for {@code 100 Continue} and was refused before it was sent (it sends no body; reading would
 * invite it to). An answer written with its length declared and complete ({@link BodyLimitFilter}'s, for a JSON body
 * far over its limit: never a legitimate client's) ends the request's input in Tomcat, so its body is not drained.
 */
class RefusedBodyDrain extends OncePerRequestFilter {

    /** How long the rest of a refused body is read before the connection is closed on it. */
    static final Duration LINGER = Duration.ofSeconds(5);

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (BodyLimitFilter.hasNoBody(request, request.getContentLengthLong())) {
            chain.doFilter(request, response);
            return;
        }
        Tracked tracked = new Tracked(request);
        chain.doFilter(tracked, response);
        if (response.getStatus() >= 400
                && response.getStatus() != HttpStatus.REQUEST_TIMEOUT.value()
                && !request.isAsyncStarted()
                && tracked.mayHaveMore()
                && !(tracked.untouched() && expectsContinue(request))) {
            try {
                response.flushBuffer();
                drain(request.getInputStream());
            } catch (IOException e) {
                // the client went away or stalled: the connection is closed as it would have been
            }
        }
    }

    private static boolean expectsContinue(HttpServletRequest request) {
        return "100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT));
    }

    private static void drain(ServletInputStream in) throws IOException {
        long deadline = System.nanoTime() + LINGER.toNanos();
        byte[] discard = new byte[64 * 1024];
        while (in.read(discard) >= 0 && System.nanoTime() - deadline < 0) {
            // discarded
        }
    }

    /**
     * The request, noting whether its body was read at all, read to its end, or failed; its stream is otherwise the
     * container's, so the upload path reads through it unchanged.
     */
    private static final class Tracked extends HttpServletRequestWrapper {

        private Watched stream;

        Tracked(HttpServletRequest request) {
            super(request);
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new Watched(super.getInputStream());
            }
            return stream;
        }

        boolean untouched() {
            return stream == null || !stream.touched;
        }

        /** Whether the body may still have bytes the client is sending: nothing says it ended or broke. */
        boolean mayHaveMore() {
            return stream == null || (!stream.ended && !stream.failed && !stream.in.isFinished());
        }
    }

    private static final class Watched extends ServletInputStream {

        private final ServletInputStream in;
        private boolean touched;
        private boolean ended;
        private boolean failed;

        Watched(ServletInputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n <= 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            touched = true;
            try {
                int n = in.read(b, off, len);
                ended |= n < 0;
                return n;
            } catch (IOException | RuntimeException e) {
                failed = true;
                throw e;
            }
        }

        @Override
        public int available() throws IOException {
            return in.available();
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
