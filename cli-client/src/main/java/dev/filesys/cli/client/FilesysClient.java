package dev.filesys.cli.client;

import dev.filesys.cli.state.CliState;
import dev.filesys.cli.state.StateStore;
import dev.filesys.protocol.Assignment;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The CLI's one way to the system. It opens a session on first need (assignment from the balancer, then the three-way
 * handshake), keeps it in the state file, and when the file-service stops answering asks the balancer again and
 * re-handshakes with the old token as {@code resumeToken}, then repeats or continues the operation there.
 *
 * <p>Not thread-safe: one command at a time.
 */
public final class FilesysClient implements FileLookup, AutoCloseable {

    static final String API = "/api/v1";
    private static final int PAGE_SIZE = 100;
    private static final int MAX_PAGES = 10_000;

    private final ClientSettings settings;
    private final StateStore store;
    private final Http http;
    private final HttpClient httpClient;
    private final Consumer<String> notices;
    private CliState state;

    /**
     * @param settings where the balancer is, timeouts and fail-over limits
     * @param store the state file holding the session
     * @param notices told, in one human line each, about fail-overs and renewed sessions
     */
    public FilesysClient(ClientSettings settings, StateStore store, Consumer<String> notices) {
        this.settings = settings;
        this.store = store;
        this.notices = notices;
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .sslContext(LazyTls.context())
                .sslParameters(LazyTls.parameters())
                .build();
        JsonMapper json = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .build();
        this.httpClient = client;
        this.http = new Http(client, json, settings.requestTimeout());
        this.state = store.load();
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
        return state;
    }

    // ---- sessions ------------------------------------------------------------------------------------------------

    /**
     * Asks the balancer for a server and handshakes with it, carrying the current session over when there is one.
     * When the server refuses to adopt the old session, a fresh one is opened and the user is logged out.
     */
    public Connection connect() {
        boolean hadSession = state.hasSession();
        Handshake outcome = establish(hadSession, 0);
        if (outcome == Handshake.RESUME_REFUSED) {
            notices.accept("the old session is no longer valid; opened a new one (log in again)");
        }
        return new Connection(state.serverId(), state.serverUrl(), outcome == Handshake.RESUMED);
    }

    /** Closes the session on the server, if any, and forgets it; pending uploads stay. */
    private void closeSession() {
        if (state.hasSession()) {
            Session session = currentSession();
            try {
                http.exchange(
                        http.request(session.uri("/sessions/current"), session.token())
                                .DELETE()
                                .build(),
                        Void.class,
                        false);
            } catch (RequestRefused | ServerUnreachable e) {
                // the session is gone either way once it is forgotten here; the server expires it on its own
            }
        }
        update(CliState::withoutSession);
    }

    // ---- accounts ------------------------------------------------------------------------------------------------

    public UserView register(String username, char[] password) {
        return account("/users", username, password);
    }

    public UserView login(String username, char[] password) {
        return account("/login", username, password);
    }

    private UserView account(String path, String username, char[] password) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("username", username);
        body.put("password", new String(password));
        AccountAnswer answer = call(
                session -> http.exchange(
                        http.request(session.uri(path), session.token())
                                .header("Content-Type", "application/json")
                                .POST(http.jsonBody(body))
                                .build(),
                        AccountAnswer.class,
                        false),
                false);
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
        if (!state.hasSession()) {
            return;
        }
        try {
            call(
                    session -> http.exchange(
                            http.request(session.uri("/logout"), session.token())
                                    .POST(HttpRequest.BodyPublishers.noBody())
                                    .build(),
                            Void.class,
                            false),
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
        UserView me = call(
                session -> http.exchange(
                        http.request(session.uri("/me"), session.token()).GET().build(), UserView.class, false),
                true);
        update(s -> s.withUser(me.userId(), me.username()));
        return me;
    }

    // ---- files ---------------------------------------------------------------------------------------------------

    @Override
    public List<FileView> list(Scope scope) {
        return call(session -> listPages(session, scope), true);
    }

    private List<FileView> listPages(Session session, Scope scope) {
        List<FileView> files = new ArrayList<>();
        for (int page = 0; page < MAX_PAGES; page++) {
            JsonNode answer = http.exchange(
                    http.request(
                                    session.uri("/files?scope=" + scope.queryValue() + "&page=" + page + "&size="
                                            + PAGE_SIZE),
                                    session.token())
                            .GET()
                            .build(),
                    JsonNode.class,
                    false);
            JsonNode items = items(answer);
            for (JsonNode item : items) {
                files.add(http.json().treeToValue(item, FileView.class));
            }
            if (items.size() == 0 || lastPage(answer, page, items.size())) {
                break;
            }
        }
        return files;
    }

    /** The list in a page answer, whether the server wraps it ({@code items}, {@code content}, {@code files}) or not. */
    private static JsonNode items(JsonNode answer) {
        if (answer == null) {
            return JsonMapper.shared().createArrayNode();
        }
        if (answer.isArray()) {
            return answer;
        }
        for (String field : List.of("items", "content", "files")) {
            JsonNode items = answer.get(field);
            if (items != null && items.isArray()) {
                return items;
            }
        }
        return JsonMapper.shared().createArrayNode();
    }

    private static boolean lastPage(JsonNode answer, int page, int count) {
        if (answer.isArray()) {
            return true;
        }
        JsonNode pageInfo = answer.has("page") && answer.get("page").isObject() ? answer.get("page") : answer;
        JsonNode totalPages = pageInfo.get("totalPages");
        if (totalPages != null && totalPages.isNumber()) {
            return page + 1 >= totalPages.asInt();
        }
        JsonNode last = pageInfo.get("last");
        if (last != null && last.isBoolean()) {
            return last.asBoolean();
        }
        return count < PAGE_SIZE;
    }

    @Override
    public FileView info(String fileId) {
        return call(
                session -> http.exchange(
                        http.request(session.uri("/files/" + segment(fileId)), session.token())
                                .GET()
                                .build(),
                        FileView.class,
                        false),
                true);
    }

    /**
     * Shares a file for reading.
     *
     * @param expiresAt when the share ends, or {@code null} for never
     */
    public ShareView share(String fileId, String username, Instant expiresAt) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("permission", "read");
        if (expiresAt != null) {
            body.put("expiresAt", expiresAt.toString());
        }
        ShareView answer = call(
                session -> http.exchange(
                        http.request(session.uri(sharePath(fileId, username)), session.token())
                                .header("Content-Type", "application/json")
                                .PUT(http.jsonBody(body))
                                .build(),
                        ShareView.class,
                        false),
                true);
        return answer != null && answer.username() != null
                ? answer
                : new ShareView(username.toLowerCase(Locale.ROOT), "read", expiresAt);
    }

    public void unshare(String fileId, String username) {
        call(
                session -> http.exchange(
                        http.request(session.uri(sharePath(fileId, username)), session.token())
                                .DELETE()
                                .build(),
                        Void.class,
                        false),
                true);
    }

    public void delete(String fileId) {
        call(
                session -> http.exchange(
                        http.request(session.uri("/files/" + segment(fileId)), session.token())
                                .DELETE()
                                .build(),
                        Void.class,
                        false),
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

    // ---- the session machinery -----------------------------------------------------------------------------------

    /**
     * Runs an operation on the session, opening one first if needed. When the server does not answer, moves the
     * session to another server and runs it again (the operation must be safe to repeat or continue). When the
     * server no longer knows the session: an operation that needs a logged-in user fails with {@link SessionExpired}
     * (after a fresh session was opened); any other is run again on a fresh session.
     */
    <T> T call(Function<Session, T> operation, boolean needsLogin) {
        int failovers = 0;
        boolean renewed = false;
        while (true) {
            Session session = currentSession();
            try {
                return operation.apply(session);
            } catch (ServerUnreachable e) {
                if (e.balancer() || ++failovers > settings.failoverAttempts()) {
                    throw e;
                }
                failover(e.getMessage(), needsLogin);
            } catch (RequestRefused e) {
                if (sessionDead(e)) {
                    if (needsLogin || renewed) {
                        renewAfterExpiry();
                        throw new SessionExpired(
                                e.code(),
                                "your session has ended (" + e.detail()
                                        + "); log in again with 'filesys login USERNAME'");
                    }
                    renewed = true;
                    update(CliState::withoutSession);
                } else if (draining(e) && ++failovers <= settings.failoverAttempts()) {
                    failover(
                            "the file-service at " + session.serverUrl() + " is not taking requests (" + e.detail()
                                    + ")",
                            needsLogin);
                } else {
                    throw e;
                }
            }
        }
    }

    /** How one connection of the event stream ended. */
    private enum StreamEnd {
        STOPPED,
        SESSION_ENDED,
        INTERRUPTED
    }

    /**
     * Follows the session user's event stream, handing each event to {@code sink} until it returns false. A stream the
     * server ends for shutdown, or a connection that breaks, is opened again (on another server when this one is gone)
     * with {@code Last-Event-ID}, so no event is lost or repeated.
     *
     * @param afterId replay the events after this id first; null for only what happens from now on
     * @throws SessionExpired when the session ends (closed, expired, logged out elsewhere)
     */
    public void followEvents(Long afterId, Predicate<ServerEvent> sink) {
        long[] last = {afterId == null ? -1 : afterId};
        int interruptions = 0;
        while (true) {
            StreamEnd end = call(session -> readEvents(session, last, sink), true);
            switch (end) {
                case STOPPED -> {
                    return;
                }
                case SESSION_ENDED -> {
                    renewAfterExpiry();
                    throw new SessionExpired(
                            "SESSION_ENDED", "your session has ended; log in again with 'filesys login USERNAME'");
                }
                case INTERRUPTED -> {
                    if (++interruptions > settings.failoverAttempts()) {
                        throw new ServerUnreachable(false, "the event stream keeps breaking off", null);
                    }
                    notices.accept("the event stream was interrupted; reconnecting");
                }
            }
        }
    }

    private StreamEnd readEvents(Session session, long[] last, Predicate<ServerEvent> sink) {
        HttpRequest.Builder request =
                http.request(session.uri("/events"), session.token()).header("Accept", "text/event-stream");
        if (last[0] >= 0) {
            request.header("Last-Event-ID", Long.toString(last[0]));
        }
        HttpResponse<InputStream> response =
                http.send(request.GET().build(), HttpResponse.BodyHandlers.ofInputStream(), false);
        if (response.statusCode() != 200) {
            throw http.refusal(response);
        }
        try (BufferedReader frames =
                new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String id = null;
            String type = null;
            StringBuilder data = new StringBuilder();
            for (String line = frames.readLine(); line != null; line = frames.readLine()) {
                if (!line.isEmpty()) {
                    int colon = line.indexOf(':');
                    String field = colon < 0 ? line : line.substring(0, colon);
                    String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
                    switch (field) {
                        case "id" -> id = value;
                        case "event" -> type = value;
                        case "data" -> data.append(value);
                        default -> {} // comments (keep-alives), retry, unknown fields
                    }
                    continue;
                }
                if (type != null) {
                    JsonNode json = http.json().readTree(data.isEmpty() ? "{}" : data.toString());
                    if (type.equals("end")) {
                        return "server_shutdown".equals(json.path("reason").asString())
                                ? StreamEnd.INTERRUPTED
                                : StreamEnd.SESSION_ENDED;
                    }
                    long eventId = id == null ? -1 : Long.parseLong(id);
                    if (eventId >= 0) {
                        last[0] = eventId;
                    }
                    if (!sink.test(new ServerEvent(eventId, type, json))) {
                        return StreamEnd.STOPPED;
                    }
                }
                id = null;
                type = null;
                data.setLength(0);
            }
        } catch (IOException e) {
            return StreamEnd.INTERRUPTED;
        }
        return StreamEnd.INTERRUPTED;
    }

    /** The open session, opening one first when there is none. */
    Session currentSession() {
        if (!state.hasSession()) {
            establish(false, 0);
        }
        return new Session(state.serverId(), URI.create(state.serverUrl()), state.sessionToken());
    }

    private void failover(String reason, boolean needsLogin) {
        Handshake outcome = establish(true, settings.failoverWaitSeconds());
        String where = "continuing on " + state.serverId() + " (" + state.serverUrl() + ")";
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

    private void renewAfterExpiry() {
        update(CliState::withoutSession);
        try {
            establish(false, 0);
        } catch (RequestRefused | ServerUnreachable e) {
            // the next command connects again; what matters now is telling the user to log in
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
    private Handshake establish(boolean resume, int waitSeconds) {
        String resumeToken = resume ? state.sessionToken() : null;
        int attempts = 0;
        while (true) {
            attempts++;
            Assignment assignment = assign(waitSeconds);
            // the URL may have a path (behind the edge proxy: https://files.example.com/s/<id>), so paths are appended
            // to it, never resolved against it
            URI server = URI.create(stripSlash(assignment.serverUrl()));
            try {
                Map<String, String> hello = new LinkedHashMap<>();
                hello.put("authCode", assignment.authCode());
                if (resumeToken != null) {
                    hello.put("resumeToken", resumeToken);
                }
                SessionOpened opened = http.exchange(
                        http.request(URI.create(server + API + "/sessions"), null)
                                .header("Content-Type", "application/json")
                                .POST(http.jsonBody(hello))
                                .build(),
                        SessionOpened.class,
                        false);
                SessionAcknowledged acknowledged = http.exchange(
                        http.request(
                                        URI.create(server + API + "/sessions/" + segment(opened.sessionId()) + "/ack"),
                                        null)
                                .header("Content-Type", "application/json")
                                .POST(http.jsonBody(Map.of("serverNonce", opened.serverNonce())))
                                .build(),
                        SessionAcknowledged.class,
                        false);
                boolean resumed = resumeToken != null && acknowledged.resumed();
                update(s -> (resumed ? s : s.withoutSession())
                        .withSession(assignment.serverId(), server.toString(), acknowledged.sessionToken()));
                if (resumed) {
                    return Handshake.RESUMED;
                }
                return resumeToken != null ? Handshake.RESUME_REFUSED : Handshake.FRESH;
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
        URI balancer = settings.balancer();
        HttpRequest.Builder request = http.request(
                        URI.create(stripSlash(balancer.toString()) + API + "/assignments"), null)
                .header("Content-Type", "application/json");
        if (waitSeconds > 0) {
            request.timeout(settings.requestTimeout().plusSeconds(waitSeconds))
                    .POST(http.jsonBody(Map.of("waitSeconds", waitSeconds)));
        } else {
            request.POST(HttpRequest.BodyPublishers.ofString("{}"));
        }
        return http.exchange(request.build(), Assignment.class, true);
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

    /** Applies a change to the state file (re-read first, so another process' pending uploads survive). */
    void update(UnaryOperator<CliState> change) {
        CliState onDisk = store.load();
        CliState merged = new CliState(
                state.serverId(),
                state.serverUrl(),
                state.sessionToken(),
                state.userId(),
                state.username(),
                onDisk.uploads());
        state = change.apply(merged);
        store.save(state);
    }

    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String sharePath(String fileId, String username) {
        return "/files/" + segment(fileId) + "/shares/" + segment(username);
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private enum Handshake {
        FRESH,
        RESUMED,
        /** A resume was asked for but refused; a fresh session was opened instead. */
        RESUME_REFUSED
    }

    /** An open session on one server. */
    record Session(String serverId, URI serverUrl, String token) {

        /** {@code path} below the API root, e.g. {@code /files}, on this server. */
        URI uri(String path) {
            return URI.create(serverUrl.toString() + API + path);
        }

        /** A path (and query) below this server's base URL, e.g. a tus upload's {@code /api/v1/uploads/…}. */
        URI at(String pathAndQuery) {
            return URI.create(serverUrl.toString() + pathAndQuery);
        }

        /**
         * The part of an absolute URL on this server below its base URL: {@code /api/v1/uploads/x} for
         * {@code https://files.example.com/s/fs-0/api/v1/uploads/x} when the base is {@code …/s/fs-0}. Another
         * server continues an upload under its own base, so only this part is worth keeping.
         */
        String below(URI absolute) {
            String path = absolute.getRawPath() == null ? "" : absolute.getRawPath();
            String base = serverUrl.getRawPath() == null ? "" : serverUrl.getRawPath();
            if (!base.isEmpty() && path.startsWith(base + "/")) {
                path = path.substring(base.length());
            }
            return path + (absolute.getRawQuery() == null ? "" : "?" + absolute.getRawQuery());
        }
    }

    record SessionOpened(String sessionId, String serverNonce, long expiresIn) {}

    record SessionAcknowledged(String sessionToken, long idleTimeoutSeconds, boolean resumed) {}

    record AccountAnswer(String userId, String username, String sessionToken) {}
}
