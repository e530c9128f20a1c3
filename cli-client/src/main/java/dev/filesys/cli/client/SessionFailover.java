package dev.filesys.cli.client;

import dev.filesys.cli.client.FileServiceApi.SessionAcknowledged;
import dev.filesys.cli.client.FileServiceApi.SessionOpened;
import dev.filesys.cli.state.CliState;
import dev.filesys.protocol.Assignment;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Keeps the CLI's session alive across file-services. A session is opened on first need (an assignment from the
 * balancer, then the three-way handshake). When its file-service stops answering or drains, the balancer is asked for
 * another and the session is carried over there ({@code resumeToken}); when the server no longer knows the session, a
 * fresh one is opened.
 *
 * <p>Not thread-safe: one command at a time.
 */
final class SessionFailover {

    private final ClientSettings settings;
    private final ApiClients apis;
    private final StateKeeper state;
    private final Consumer<String> notices;
    private Session session;

    SessionFailover(ClientSettings settings, ApiClients apis, StateKeeper state, Consumer<String> notices) {
        this.settings = settings;
        this.apis = apis;
        this.state = state;
        this.notices = notices;
    }

    /** The outcome of a handshake. */
    enum Handshake {
        FRESH,
        RESUMED,
        /** A resume was asked for but refused; a fresh session was opened instead. */
        RESUME_REFUSED
    }

    /**
     * Runs an operation on the session, opening one first if needed. When the server does not answer, moves the
     * session to another server and runs it again (the operation must be safe to repeat or continue). When the
     * server no longer knows the session: an operation that needs a logged-in user fails with {@link SessionExpired}
     * (after a fresh session was opened); any other is run again on a fresh session.
     */
    <T> T run(Function<Session, T> operation, boolean needsLogin) {
        int failovers = 0;
        boolean renewed = false;
        while (true) {
            Session current = current();
            try {
                try {
                    return operation.apply(current);
                } catch (RestClientException e) {
                    throw ApiClients.failure(e, current.serverUrl(), false);
                }
            } catch (ServerUnreachable e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new Cancelled("cancelled", e);
                }
                if (e.balancer() || ++failovers > settings.failoverAttempts()) {
                    throw e;
                }
                moveToAnotherServer(e.getMessage(), needsLogin);
            } catch (RequestRefused e) {
                if (sessionDead(e)) {
                    if (needsLogin || renewed) {
                        throw sessionEnded("your session has ended (" + e.detail() + ")", e.code());
                    }
                    renewed = true;
                    state.update(CliState::withoutSession);
                } else if (draining(e) && ++failovers <= settings.failoverAttempts()) {
                    moveToAnotherServer(
                            "the file-service at " + current.serverUrl() + " is not taking requests (" + e.detail()
                                    + ")",
                            needsLogin);
                } else {
                    throw e;
                }
            }
        }
    }

    /** The open session, opening one first when there is none. */
    Session current() {
        CliState now = state.current();
        if (!now.hasSession()) {
            handshake(false, 0);
            now = state.current();
        }
        if (session == null
                || !session.token().equals(now.sessionToken())
                || !session.serverUrl().toString().equals(now.serverUrl())) {
            URI server = URI.create(now.serverUrl());
            RestClient rest = apis.fileService(server, now.sessionToken());
            session = new Session(now.serverId(), server, now.sessionToken(), rest, apis.fileServiceApi(rest));
        }
        return session;
    }

    /**
     * The server ended the session: a fresh (anonymous) one is opened for the next command, and the user is told to
     * log in again.
     */
    SessionExpired sessionEnded(String why, String code) {
        state.update(CliState::withoutSession);
        try {
            handshake(false, 0);
        } catch (RequestRefused | ServerUnreachable e) {
            // the next command connects again; what matters now is telling the user to log in
        }
        return new SessionExpired(code, why + "; log in again with 'filesys login USERNAME'");
    }

    private void moveToAnotherServer(String reason, boolean needsLogin) {
        Handshake outcome = handshake(true, settings.failoverWaitSeconds());
        CliState now = state.current();
        String where = "continuing on " + now.serverId() + " (" + now.serverUrl() + ")";
        if (outcome == Handshake.RESUME_REFUSED) {
            if (needsLogin) {
                throw new SessionExpired(
                        "SESSION_EXPIRED",
                        reason
                                + "; the new server did not take over the session: log in again with 'filesys login USERNAME'");
            }
            notices.accept(reason + "; " + where + " with a new session");
        } else {
            notices.accept(reason + "; " + where + ", session resumed");
        }
    }

    /**
     * Gets an assignment and handshakes with the assigned server. A server that dies or refuses before the session is
     * open (it is draining, the code expired on the way, the ack came too late) costs one more assignment, up to the
     * fail-over limit.
     *
     * @param resume whether to carry the current session over ({@code resumeToken}); the server says in the ack
     *     whether it did
     * @param waitSeconds how long the balancer may look for an available server
     */
    Handshake handshake(boolean resume, int waitSeconds) {
        String resumeToken = resume ? state.current().sessionToken() : null;
        int attempts = 0;
        while (true) {
            attempts++;
            Assignment assignment = assign(waitSeconds);
            // the URL may have a path (behind the edge proxy: https://files.example.com/s/<id>), so paths are appended
            // to it, never resolved against it
            URI server = URI.create(stripSlash(assignment.serverUrl()));
            try {
                FileServiceApi api = apis.fileServiceApi(apis.fileService(server, null));
                Map<String, String> hello = new LinkedHashMap<>();
                hello.put("authCode", assignment.authCode());
                if (resumeToken != null) {
                    hello.put("resumeToken", resumeToken);
                }
                SessionAcknowledged acknowledged;
                try {
                    SessionOpened opened = api.openSession(hello);
                    acknowledged = api.acknowledge(opened.sessionId(), Map.of("serverNonce", opened.serverNonce()));
                } catch (RestClientException e) {
                    throw ApiClients.failure(e, server, false);
                }
                boolean resumed = resumeToken != null && acknowledged.resumed();
                state.update(s -> (resumed ? s : s.withoutSession())
                        .withSession(assignment.serverId(), server.toString(), acknowledged.sessionToken()));
                return resumed ? Handshake.RESUMED : resumeToken != null ? Handshake.RESUME_REFUSED : Handshake.FRESH;
            } catch (ServerUnreachable e) {
                // the assigned server died between the assignment and the handshake: ask again
                if (attempts > settings.failoverAttempts()) {
                    throw e;
                }
            } catch (RequestRefused e) {
                if (!handshakeRetryable(e) || attempts > settings.failoverAttempts()) {
                    throw e;
                }
            }
        }
    }

    private Assignment assign(int waitSeconds) {
        URI balancer = URI.create(stripSlash(settings.balancer().toString()));
        try {
            return apis.balancer(balancer).assign(waitSeconds > 0 ? Map.of("waitSeconds", waitSeconds) : Map.of());
        } catch (RestClientException e) {
            throw ApiClients.failure(e, balancer, true);
        }
    }

    /** The server does not know ({@code SESSION_REQUIRED}) or no longer accepts ({@code SESSION_EXPIRED}) the token. */
    static boolean sessionDead(RequestRefused e) {
        return e.status() == 401 && e.code().contains("SESSION");
    }

    /**
     * A handshake refusal a new assignment can cure: the code was refused or replayed (it expired on the way, say),
     * the ack came too late or with the wrong nonce, or the server stopped taking sessions (draining, full).
     */
    static boolean handshakeRetryable(RequestRefused e) {
        return e.code().contains("AUTH_CODE")
                || e.code().equals("HANDSHAKE_EXPIRED")
                || e.code().equals("INVALID_NONCE")
                || draining(e);
    }

    /** A file-service that is shutting down (or overloaded) answers 503: the session moves elsewhere. */
    static boolean draining(RequestRefused e) {
        return e.status() == 503 || e.status() == 502 || e.status() == 504;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
