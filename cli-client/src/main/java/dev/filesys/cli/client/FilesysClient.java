package dev.filesys.cli.client;

import dev.filesys.cli.client.EventStreamReader.StreamEnd;
import dev.filesys.cli.client.FileServiceApi.AccountAnswer;
import dev.filesys.cli.client.FileServiceApi.Credentials;
import dev.filesys.cli.client.FileServiceApi.QuotaTerms;
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
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClientException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
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
    /** The server's largest page: a long listing takes the fewest round trips. */
    private static final int LISTING_PAGE_SIZE = 1000;

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

    private UserView account(Function<FileServiceApi, AccountAnswer> request) {
        AccountAnswer answer = run(session -> request.apply(session.api()), false);
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
            send(api -> api.logout());
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
        UserView me = call(api -> api.me());
        update(s -> s.withUser(me.userId(), me.username()));
        return me;
    }

    /** Changes the password; the server ends every other session of the user, this one stays. */
    public void changePassword(char[] oldPassword, char[] newPassword) {
        send(api -> api.changePassword(
                Map.of("oldPassword", new String(oldPassword), "newPassword", new String(newPassword))));
    }

    /** The user's open sessions: {@code {"items": [...]}}. */
    public JsonNode sessions() {
        return call(api -> api.sessions());
    }

    public void endSession(String sessionId) {
        send(api -> api.endSession(sessionId));
    }

    /** Ends every session of the user but this one: {@code {"ended": n}}. */
    public JsonNode endOtherSessions() {
        return call(api -> api.endOtherSessions());
    }

    // ---- administration ------------------------------------------------------------------------------------------

    /** One page of users: {@code {"items": [...], "next": name or null}}. */
    public JsonNode adminUsers(String prefix, String after, int limit) {
        return call(api -> api.adminUsers(prefix, after, limit));
    }

    public JsonNode adminUser(String username) {
        return call(api -> api.adminUser(username));
    }

    public JsonNode adminDisable(String username) {
        return call(api -> api.adminDisable(username));
    }

    public JsonNode adminEnable(String username) {
        return call(api -> api.adminEnable(username));
    }

    public void adminDelete(String username) {
        send(api -> api.adminDelete(username));
    }

    public JsonNode adminResetPassword(String username) {
        return call(api -> api.adminResetPassword(username));
    }

    /** @param quotaBytes bytes, or {@code null} for the deployment's quota */
    public JsonNode adminQuota(String username, Long quotaBytes) {
        return call(api -> api.adminQuota(username, new QuotaTerms(quotaBytes)));
    }

    /** One page of the audit log, newest first: {@code {"items": [...], "next": id or null}}. */
    public JsonNode adminAudit(Long before, int limit) {
        return call(api -> api.adminAudit(before == null ? null : before.toString(), limit));
    }

    /** The blobs the scrubber and fsck found damaged or missing, newest first, with the files they affect. */
    public JsonNode adminIntegrity() {
        return call(api -> api.adminIntegrity());
    }

    /** Runs fsck on the server the session is on: {@code {"problems": [...], "clean": …, …}}. */
    public JsonNode adminFsck(boolean fix, boolean checksums) {
        return call(api -> api.adminFsck(fix, checksums));
    }

    // ---- files ---------------------------------------------------------------------------------------------------

    @Override
    public List<FileView> list(Scope scope) {
        return call(api -> all(cursor -> api.files(scope.queryValue(), PAGE_SIZE, cursor)));
    }

    @Override
    public FileView info(String fileId) {
        return call(api -> api.file(fileId));
    }

    /**
     * Shares a file, or a folder and all it holds now and later, for reading. A server that answers an existing share
     * without a body has it described from what was asked.
     *
     * @param expiresAt when the share ends, or {@code null} for never
     */
    public ShareView share(ItemView item, String username, Instant expiresAt) {
        ShareTerms terms = new ShareTerms("read", expiresAt == null ? null : expiresAt.toString());
        ShareView answer = call(api -> item.isFolder()
                ? api.shareFolder(item.folderId(), username, terms)
                : api.share(item.fileId(), username, terms));
        return answer != null && answer.username() != null
                ? answer
                : new ShareView(username.toLowerCase(Locale.ROOT), "read", expiresAt);
    }

    /** Stops sharing a file or folder with {@code username}. */
    public void unshare(ItemView item, String username) {
        send(api -> {
            if (item.isFolder()) {
                api.unshareFolder(item.folderId(), username);
            } else {
                api.unshare(item.fileId(), username);
            }
        });
    }

    /**
     * Creates a public link to one of the user's files or folders.
     *
     * @param expiresAt when it ends, or {@code null} for the server's default
     * @param password its password, or {@code null} for none
     * @param maxDownloads its download limit, or {@code null} for none
     * @param label a note, or {@code null}
     * @return the link, with its token and address (shown this once)
     */
    public LinkView createLink(ItemView item, Instant expiresAt, char[] password, Integer maxDownloads, String label) {
        FileServiceApi.LinkTerms terms = new FileServiceApi.LinkTerms(
                item.isFolder() ? null : item.fileId(),
                item.isFolder() ? item.folderId() : null,
                expiresAt == null ? null : expiresAt.toString(),
                password == null ? null : new String(password),
                maxDownloads,
                label);
        return call(api -> api.createLink(terms));
    }

    /** The user's links, newest first, every page. */
    public List<LinkView> links() {
        return call(api -> {
            List<LinkView> links = new ArrayList<>();
            String after = null;
            do {
                FileServiceApi.LinkPage page = api.links(after, 1000);
                links.addAll(page.items());
                after = page.next();
            } while (after != null);
            return links;
        });
    }

    public void revokeLink(String linkId) {
        send(api -> api.revokeLink(linkId));
    }

    /** A link's downloads, newest first, at most {@code limit}. */
    public List<LinkDownload> linkDownloads(String linkId, int limit) {
        return call(api -> {
            List<LinkDownload> downloads = new ArrayList<>();
            Long before = null;
            do {
                FileServiceApi.DownloadPage page =
                        api.linkDownloads(linkId, before, Math.min(1000, limit - downloads.size()));
                downloads.addAll(page.items());
                before = page.next();
            } while (before != null && downloads.size() < limit);
            return downloads;
        });
    }

    /**
     * Moves a file or folder to the trash (a folder with all it holds).
     *
     * @param item as read: its ETag is sent, so an item changed since is refused ({@code 412 PRECONDITION_FAILED})
     */
    public void delete(ItemView item) {
        send(api -> {
            if (item.isFolder()) {
                api.deleteFolder(item.folderId(), item.etag());
            } else {
                api.delete(item.fileId(), item.etag());
            }
        });
    }

    // ---- folders -------------------------------------------------------------------------------------------------

    /**
     * The file or folder at {@code path} in the user's own tree ({@code /} is the root folder).
     *
     * @throws RequestRefused 404 {@code FILE_NOT_FOUND} when nothing is there
     */
    public ItemView item(String path) {
        return call(api -> path.equals("/") ? api.folder("root") : api.item(path));
    }

    /** A folder the user may see, by id ({@code root}: their root folder). */
    public ItemView folder(String folderId) {
        return call(api -> api.folder(folderId));
    }

    /**
     * Hands a folder's children to {@code sink}, folders first, by name, one page at a time as the pages arrive, so
     * a folder of any size is listed in constant memory.
     */
    public void eachChild(String folderId, Consumer<ItemView> sink) {
        eachOnPages((api, cursor) -> api.children(folderId, LISTING_PAGE_SIZE, cursor), sink);
    }

    /** Hands what is shared directly with the user to {@code sink}, folders then files, page by page as they arrive. */
    public void eachShared(Consumer<ItemView> sink) {
        eachOnPages((api, cursor) -> api.shared(LISTING_PAGE_SIZE, cursor), sink);
    }

    /** Fetches a cursor-paged listing one page a request (each may fail over on its own) and hands on its items. */
    private void eachOnPages(
            BiFunction<FileServiceApi, String, FileServiceApi.CursorPage<ItemView>> page, Consumer<ItemView> sink) {
        String cursor = null;
        do {
            String after = cursor;
            FileServiceApi.CursorPage<ItemView> next = call(api -> page.apply(api, after));
            next.items().forEach(sink);
            cursor = next.nextCursor();
        } while (cursor != null);
    }

    /** A folder's first {@code limit} children (at most 1000), folders first, by name. */
    public List<ItemView> firstChildren(String folderId, int limit) {
        return call(api -> api.children(folderId, limit, null)).items();
    }

    /** Makes a folder named {@code name} in {@code parentId} ({@code root} for the root folder). */
    public ItemView createFolder(String parentId, String name) {
        return call(api -> api.createFolder(new FileServiceApi.NewFolder(name, parentId)));
    }

    /**
     * Renames and/or moves a file or folder, sending its ETag as read so that an item changed since is refused.
     *
     * @param name its new name, or {@code null} to keep it
     * @param folderId the folder it goes into, or {@code null} to leave it where it is
     */
    public ItemView move(ItemView item, String name, String folderId) {
        return call(api -> item.isFolder()
                ? api.moveFolder(item.folderId(), item.etag(), new FileServiceApi.FolderMove(name, folderId))
                : api.moveFile(item.fileId(), item.etag(), new FileServiceApi.FileMove(name, folderId)));
    }

    // ---- versions and the trash ------------------------------------------------------------------------------------

    /** A file's earlier contents, newest first (every page). */
    public List<VersionView> versions(String fileId) {
        return call(api -> all(cursor -> api.versions(fileId, PAGE_SIZE, cursor)));
    }

    /** Makes an earlier content the file's content again; the one it replaces becomes a version. */
    public FileView restoreVersion(String fileId, String versionId) {
        return call(api -> api.restoreVersion(fileId, versionId));
    }

    /** What is in the caller's trash, most recently deleted first (every page). */
    public List<TrashItem> trash() {
        return call(api -> all(cursor -> api.trash(PAGE_SIZE, cursor)));
    }

    /** Restores an item of the trash, by id or name, to where it was. */
    public TrashRestored restoreFromTrash(String idOrName) {
        return call(api -> api.restoreFromTrash(idOrName));
    }

    /** Deletes an item of the trash, by id or name, for good. */
    public void purge(String idOrName) {
        send(api -> api.purge(idOrName));
    }

    /** Deletes everything in the trash for good. */
    public void emptyTrash() {
        send(api -> api.emptyTrash());
    }

    /** Every item of a cursor-paged listing, page by page. */
    private static <T> List<T> all(Function<String, FileServiceApi.CursorPage<T>> page) {
        List<T> items = new ArrayList<>();
        String cursor = null;
        do {
            FileServiceApi.CursorPage<T> next = page.apply(cursor);
            items.addAll(next.items());
            cursor = next.nextCursor();
        } while (cursor != null);
        return items;
    }

    /**
     * Uploads a local file with tus, resuming an upload of the same file begun earlier (by this or an interrupted
     * run), and continuing on another server after a fail-over. The stored file's SHA-256 is checked against the
     * local file's.
     *
     * @param folderId the folder the file goes into, or {@code null} for the root folder
     * @throws LocalFileProblem when the local file cannot be read
     * @throws ChecksumMismatch when the server stored different bytes
     */
    public FileView upload(Path local, String folderId, String name, boolean overwrite, ProgressListener progress) {
        return new TusUpload(this, http, local, folderId, name, overwrite, null, progress).run();
    }

    /**
     * Replaces the content of an existing file, only if it is still the version that was read: a resumable tus upload
     * with {@code If-Match}, which the server checks when it is created and when its last byte arrives, so a file
     * changed meanwhile is refused with {@code 412 PRECONDITION_FAILED} and keeps the other writer's content. The
     * stored file's SHA-256 is checked against the local file's, as for every upload.
     *
     * @param existing the file as read, with its version
     */
    public FileView replace(Path local, ItemView existing, ProgressListener progress) {
        return new TusUpload(this, http, local, existing.folderId(), existing.name(), true, existing.etag(), progress)
                .run();
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

    /** Calls the file-service on the logged-in session, moving it to another server when needed. */
    private <T> T call(Function<FileServiceApi, T> request) {
        return run(session -> request.apply(session.api()), true);
    }

    /** The same, for a call that answers nothing. */
    private void send(Consumer<FileServiceApi> request) {
        run(
                session -> {
                    request.accept(session.api());
                    return null;
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
