package dev.filesys.cli.client;

import dev.filesys.cli.client.EventStreamReader.StreamEnd;
import dev.filesys.cli.client.FileServiceApi.AccountAnswer;
import dev.filesys.cli.client.FileServiceApi.Credentials;
import dev.filesys.cli.client.FileServiceApi.FilePage;
import dev.filesys.cli.client.FileServiceApi.ShareTerms;
import dev.filesys.cli.client.SessionFailover.Handshake;
import dev.filesys.cli.state.CliState;
import dev.filesys.cli.state.StateStore;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClientException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The CLI's one way to the system: each operation runs on the session that {@link SessionFailover} keeps open, moved
 * to another file-service when its server stops answering.
 *
 * <p>Not thread-safe: one command at a time.
 */
public final class FilesysClient implements FileLookup, AutoCloseable {

    static final String API = "/api/v1";
    private static final int PAGE_SIZE = 100;

    private final ClientSettings settings;
    private final StateKeeper state;
    private final SessionFailover sessions;
    private final Http http;
    private final HttpClient httpClient;
    private final JsonMapper json;
    private final Consumer<String> notices;

    /**
     * @param settings where the balancer is, timeouts and fail-over limits
     * @param store the state file holding the session
     * @param notices told, in one human line each, about fail-overs and renewed sessions
     */
    public FilesysClient(ClientSettings settings, StateStore store, Consumer<String> notices) {
        this.settings = settings;
        this.notices = notices;
        this.httpClient = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .sslContext(LazyTls.context())
                .sslParameters(LazyTls.parameters())
                .build();
        this.json = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .build();
        this.http = new Http(httpClient, settings.requestTimeout());
        this.state = new StateKeeper(store);
        this.sessions = new SessionFailover(settings, new ApiClients(httpClient, json, settings), state, notices);
    }

    /**
     * Stops the HTTP client's threads. A JVM that exits while one of them waits in native code (the client's selector)
     * waits for it for up to 300 ms, which would be most of a short command's run.
     */
    @Override
    public void close() {
        httpClient.shutdownNow();
        try {
            httpClient.awaitTermination(Duration.ofSeconds(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public ClientSettings settings() {
        return settings;
    }

    /** The state as the client last saw it (session, cached user, pending uploads). */
    public CliState state() {
        return state.current();
    }

    // ---- sessions ------------------------------------------------------------------------------------------------

    /**
     * Asks the balancer for a server and handshakes with it, carrying the current session over when there is one.
     * When the server refuses to adopt the old session, a fresh one is opened and the user is logged out.
     */
    public Connection connect() {
        Handshake outcome = sessions.handshake(state.current().hasSession(), 0);
        if (outcome == Handshake.RESUME_REFUSED) {
            notices.accept("the old session is no longer valid; opened a new one (log in again)");
        }
        CliState now = state.current();
        return new Connection(now.serverId(), now.serverUrl(), outcome == Handshake.RESUMED);
    }

    /** Closes the session on the server, if any, and forgets it; pending uploads stay. */
    private void closeSession() {
        if (state.current().hasSession()) {
            try {
                sessions.current().api().closeSession();
            } catch (RequestRefused | ServerUnreachable | RestClientException e) {
                // the session is gone either way once it is forgotten here; the server expires it on its own
            }
        }
        update(CliState::withoutSession);
    }

    // ---- accounts ------------------------------------------------------------------------------------------------

    public UserView register(String username, char[] password) {
        return account(api -> api.register(new Credentials(username, new String(password))));
    }

    public UserView login(String username, char[] password) {
        return account(api -> api.login(new Credentials(username, new String(password))));
    }

    private UserView account(Function<FileServiceApi, AccountAnswer> call) {
        AccountAnswer answer = run(session -> call.apply(session.api()), false);
        update(s -> {
            CliState withUser = s.withUser(answer.userId(), answer.username());
            return answer.sessionToken() == null
                    ? withUser
                    : withUser.withSession(s.serverId(), s.serverUrl(), answer.sessionToken());
        });
        return new UserView(answer.userId(), answer.username());
    }

    /**
     * Logs out on the server, closes the session and forgets it. When no server can be reached, the session is only
     * forgotten here (its token is gone, so nobody can use it; the server ends it after its idle timeout).
     */
    public void logout() {
        if (!state.current().hasSession()) {
            return;
        }
        try {
            run(
                    session -> {
                        session.api().logout();
                        return null;
                    },
                    true);
        } catch (SessionExpired e) {
            // nobody to log out: the session had already ended
        } catch (RequestRefused e) {
            if (e.status() != 401) {
                throw e;
            }
        } catch (ServerUnreachable e) {
            notices.accept(e.getMessage() + "; the session is forgotten here and ends on the server when it has been"
                    + " idle long enough");
            update(CliState::withoutSession);
            return;
        }
        closeSession();
    }

    /** Who the session is logged in as, according to the server. */
    public UserView me() {
        UserView me = run(session -> session.api().me(), true);
        update(s -> s.withUser(me.userId(), me.username()));
        return me;
    }

    // ---- files ---------------------------------------------------------------------------------------------------

    @Override
    public List<FileView> list(Scope scope) {
        return run(
                session -> {
                    List<FileView> files = new ArrayList<>();
                    String cursor = null;
                    do {
                        FilePage page = session.api().files(scope.queryValue(), PAGE_SIZE, cursor);
                        files.addAll(page.items());
                        cursor = page.nextCursor();
                    } while (cursor != null);
                    return files;
                },
                true);
    }

    @Override
    public FileView info(String fileId) {
        return run(session -> session.api().file(fileId), true);
    }

    /**
     * Shares a file for reading.
     *
     * @param expiresAt when the share ends, or {@code null} for never
     */
    public ShareView share(String fileId, String username, Instant expiresAt) {
        ShareTerms terms = new ShareTerms("read", expiresAt == null ? null : expiresAt.toString());
        ShareView answer = run(session -> session.api().share(fileId, username, terms), true);
        return answer != null && answer.username() != null
                ? answer
                : new ShareView(username.toLowerCase(Locale.ROOT), "read", expiresAt);
    }

    public void unshare(String fileId, String username) {
        run(
                session -> {
                    session.api().unshare(fileId, username);
                    return null;
                },
                true);
    }

    public void delete(String fileId) {
        run(
                session -> {
                    session.api().delete(fileId);
                    return null;
                },
                true);
    }

    /**
     * Uploads a local file with tus, resuming an upload of the same file begun earlier (by this or an interrupted
     * run), and continuing on another server after a fail-over. The stored file's SHA-256 is checked against the
     * local file's.
     *
     * @throws LocalFileProblem when the local file cannot be read
     * @throws ChecksumMismatch when the server stored different bytes
     */
    public FileView upload(Path local, String name, boolean overwrite, ProgressListener progress) {
        TusUpload upload = new TusUpload(this, http, local, name, overwrite, progress);
        return upload.run();
    }

    /**
     * Downloads a file to {@code target}, continuing a partial earlier download with a {@code Range} request, and on
     * another server after a fail-over; the bytes are checked against the file's SHA-256 before they are moved into
     * place.
     *
     * @param overwrite whether an existing {@code target} may be replaced
     * @throws LocalFileProblem when the target exists (and may not be replaced) or cannot be written
     * @throws ChecksumMismatch when the bytes do not match the file's SHA-256
     */
    public Downloaded download(FileView file, Path target, boolean overwrite, ProgressListener progress) {
        return new Download(this, http, file, target, overwrite, progress).run();
    }

    // ---- events --------------------------------------------------------------------------------------------------

    /**
     * Follows the session user's event stream, handing each event to {@code sink} until it returns false. A stream the
     * server ends for shutdown, or a connection that breaks, is opened again (on another server when this one is gone)
     * with {@code Last-Event-ID}, so no event is lost or repeated.
     *
     * @param afterId replay the events after this id first; null for only what happens from now on
     * @throws SessionExpired when the session ends (closed, expired, logged out elsewhere)
     */
    public void followEvents(Long afterId, Predicate<ServerEvent> sink) {
        EventStreamReader reader = new EventStreamReader(json, afterId == null ? -1 : afterId);
        int interruptions = 0;
        while (true) {
            StreamEnd end = run(session -> openEvents(session, reader, sink), true);
            switch (end) {
                case STOPPED -> {
                    return;
                }
                case SESSION_ENDED -> throw sessions.sessionEnded("your session has ended", "SESSION_ENDED");
                case INTERRUPTED -> {
                    if (++interruptions > settings.failoverAttempts()) {
                        throw new ServerUnreachable(false, "the event stream keeps breaking off", null);
                    }
                    notices.accept("the event stream was interrupted; reconnecting");
                }
            }
        }
    }

    private StreamEnd openEvents(Session session, EventStreamReader reader, Predicate<ServerEvent> sink) {
        return session.rest()
                .get()
                .uri(API + "/events")
                .accept(MediaType.TEXT_EVENT_STREAM)
                .headers(headers -> {
                    if (reader.lastId() >= 0) {
                        headers.set("Last-Event-ID", Long.toString(reader.lastId()));
                    }
                })
                .exchange(
                        (request, response) -> {
                            if (response.getStatusCode().value() != 200) {
                                throw Problems.refusal(
                                        response.getStatusCode().value(),
                                        response.getHeaders().getFirst("Retry-After"),
                                        response.getBody().readNBytes(64 * 1024));
                            }
                            return reader.read(response.getBody(), sink);
                        },
                        true);
    }

    // ---- what transfers use --------------------------------------------------------------------------------------

    /** Runs an operation on the session, moving it to another server when needed (see {@link SessionFailover#run}). */
    <T> T run(Function<Session, T> operation, boolean needsLogin) {
        return sessions.run(operation, needsLogin);
    }

    /** Applies a change to the state file (re-read first, so another process' pending uploads survive). */
    void update(UnaryOperator<CliState> change) {
        state.update(change);
    }

    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
