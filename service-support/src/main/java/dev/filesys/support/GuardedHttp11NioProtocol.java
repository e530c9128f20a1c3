package dev.filesys.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.coyote.Constants;
import org.apache.coyote.Processor;
import org.apache.coyote.Request;
import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.tomcat.util.net.AbstractEndpoint;
import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.NioEndpoint;
import org.apache.tomcat.util.net.SocketEvent;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tomcat's NIO HTTP/1.1 connector with two limits Tomcat lacks, against clients that hold connections rather than use
 * them (slowloris):
 *
 * <ul>
 *   <li>a cap on open connections per client address, enforced as each connection is accepted ({@link
 *       ConnectionGuard});
 *   <li>a deadline for the request head: Tomcat's {@code connectionTimeout} only bounds the wait for each byte, so a
 *       head trickled a byte at a time would be read forever. A watchdog looks at every connection once a second and
 *       closes those whose request has been in its head longer than the deadline.
 * </ul>
 *
 * Connector settings name the class ({@code server.tomcat} protocol); {@link #configure} hands it the limits before the
 * connector starts.
 */
public class GuardedHttp11NioProtocol extends Http11NioProtocol {

    private static final Logger log = LoggerFactory.getLogger(GuardedHttp11NioProtocol.class);

    private volatile ConnectionGuard guard = new ConnectionGuard(Integer.MAX_VALUE, TrustedProxies.none());
    private volatile long headDeadlineNanos = Duration.ofSeconds(20).toNanos();
    private ScheduledExecutorService watchdog;

    public GuardedHttp11NioProtocol() {
        super(new GuardedEndpoint());
        GuardedEndpoint endpoint = (GuardedEndpoint) getEndpoint();
        endpoint.protocol = this;
        endpoint.setHandler(new ReleasingHandler(endpoint.getHandler(), this));
    }

    /** Applies the limits, with the trusted proxies exempt from the connection cap; before the connector starts. */
    void configure(HttpLimits limits, TrustedProxies trusted) {
        this.guard = new ConnectionGuard(limits.maxConnectionsPerAddress(), trusted);
        this.headDeadlineNanos = limits.headerTimeout().toNanos();
        // a new connection that says nothing, and the wait for each byte of a head, end at the same deadline
        setConnectionTimeout(
                (int) Math.min(Integer.MAX_VALUE, limits.headerTimeout().toMillis()));
    }

    ConnectionGuard guard() {
        return guard;
    }

    @Override
    public void start() throws Exception {
        super.start();
        watchdog = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("http-head-deadline").daemon().factory());
        watchdog.scheduleWithFixedDelay(this::closeOverdueHeads, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public void stop() throws Exception {
        if (watchdog != null) {
            watchdog.shutdownNow();
            watchdog = null;
        }
        super.stop();
    }

    /** Closes every connection whose request head started arriving longer than the deadline ago. */
    void closeOverdueHeads() {
        try {
            AbstractEndpoint<NioChannel, SocketChannel> endpoint = endpoint();
            long now = System.nanoTime();
            for (SocketWrapperBase<NioChannel> connection : endpoint.getConnections()) {
                if (connection.getCurrentProcessor() instanceof Processor processor) {
                    Request request = processor.getRequest();
                    long started = request.getStartTimeNanos();
                    if (inHead(request.getRequestProcessor().getStage())
                            && started > 0
                            && now - started > headDeadlineNanos) {
                        guard.headTimedOut();
                        log.debug(
                                "closing a connection from {}: no complete request head in time",
                                connection.getRemoteAddr());
                        // as Tomcat's own read timeout does: an error event closes the connection on a worker
                        if (!endpoint.processSocket(connection, SocketEvent.ERROR, true)) {
                            connection.close();
                        }
                    }
                }
            }
        } catch (RuntimeException e) {
            // a scheduled task that throws is never run again
            log.warn("request-head deadline check failed: {}", e.toString());
        }
    }

    /**
     * Whether a processor in this stage is still reading a request head. Tomcat marks a processor's stage only from
     * the point the head is parsed (PREPARE onwards); one that is reading the next head still shows how it left the
     * last request, or nothing.
     */
    private static boolean inHead(int stage) {
        return stage == Constants.STAGE_NEW
                || stage == Constants.STAGE_PARSE
                || stage == Constants.STAGE_KEEPALIVE
                || stage == Constants.STAGE_ENDED;
    }

    @SuppressWarnings("unchecked")
    private AbstractEndpoint<NioChannel, SocketChannel> endpoint() {
        return (AbstractEndpoint<NioChannel, SocketChannel>) (AbstractEndpoint<?, ?>) getEndpoint();
    }

    /** The endpoint that asks the guard before it takes on an accepted connection. */
    static final class GuardedEndpoint extends NioEndpoint {

        private GuardedHttp11NioProtocol protocol;

        @Override
        protected boolean setSocketOptions(SocketChannel socket) {
            ConnectionGuard guard = protocol.guard();
            java.net.InetAddress address = null;
            try {
                SocketAddress remote = socket.getRemoteAddress();
                if (remote instanceof InetSocketAddress inet) {
                    address = inet.getAddress();
                }
            } catch (IOException e) {
                destroySocket(socket);
                return false;
            }
            if (!guard.admit(socket, address)) {
                // closed here, as Tomcat does when it cannot set a socket up: the acceptor only closes connections
                // that already have a wrapper, and this one gets none
                destroySocket(socket);
                return false;
            }
            boolean taken = super.setSocketOptions(socket);
            if (!taken) {
                guard.closed(socket);
            }
            return taken;
        }
    }

    /** Tells the guard when a connection closes (Tomcat releases a connection's handler state exactly then). */
    private static final class ReleasingHandler implements AbstractEndpoint.Handler<NioChannel> {

        private final AbstractEndpoint.Handler<NioChannel> delegate;
        private final GuardedHttp11NioProtocol protocol;

        ReleasingHandler(AbstractEndpoint.Handler<NioChannel> delegate, GuardedHttp11NioProtocol protocol) {
            this.delegate = delegate;
            this.protocol = protocol;
        }

        @Override
        public SocketState process(SocketWrapperBase<NioChannel> socket, SocketEvent status) {
            return delegate.process(socket, status);
        }

        @Override
        public Object getGlobal() {
            return delegate.getGlobal();
        }

        @Override
        public void release(SocketWrapperBase<NioChannel> socket) {
            try {
                delegate.release(socket);
            } finally {
                NioChannel channel = socket.getSocket();
                protocol.guard().closed(channel == null ? null : channel.getIOChannel());
            }
        }

        @Override
        public void pause() {
            delegate.pause();
        }

        @Override
        public void recycle() {
            delegate.recycle();
        }
    }
}
