package dev.filesys.cli.commands;

import dev.filesys.cli.client.Connection;
import dev.filesys.cli.client.Downloaded;
import dev.filesys.cli.client.FileView;
import dev.filesys.cli.client.FilesysClient;
import dev.filesys.cli.client.ItemView;
import dev.filesys.cli.client.LinkDownload;
import dev.filesys.cli.client.LinkView;
import dev.filesys.cli.client.LocalFileProblem;
import dev.filesys.cli.client.RequestRefused;
import dev.filesys.cli.client.Scope;
import dev.filesys.cli.client.ServerEvent;
import dev.filesys.cli.client.ShareView;
import dev.filesys.cli.client.TrashItem;
import dev.filesys.cli.client.TrashRestored;
import dev.filesys.cli.client.UserView;
import dev.filesys.cli.client.VersionView;
import dev.filesys.cli.progress.ByteUnits;
import dev.filesys.cli.progress.TransferProgress;
import dev.filesys.cli.state.CliState;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The filesys command line (picocli): the global options, and one method per command. Each command is thin: it reads
 * its arguments, asks {@link FilesysClient}, and prints the result for a human or, with {@code --json}, as one JSON
 * document. Failures are thrown and become one line and an exit code (see {@link Failure}). The interactive shell runs
 * the same object, line by line.
 */
@Command(
        name = "filesys",
        addMethodSubcommands = false,
        scope = ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        subcommands = HelpCommand.class,
        synopsisSubcommandLabel = "COMMAND",
        usageHelpAutoWidth = true,
        description = "Store and share files on a filesys cluster. Without a command: the interactive shell.",
        footer = {
            "",
            "FILE is the name of one of your files, else of a file shared with you, or a file id.",
            "'filesys help COMMAND' or 'filesys COMMAND --help' shows a command's arguments and options."
        })
public final class FilesysCommands implements Callable<Integer>, AutoCloseable {

    /** The global options, as given before the command. */
    public record Globals(String balancer, String state, boolean json) {}

    static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm'Z'").withZone(ZoneOffset.UTC);
    private static final String STDIO = "-";
    /** At most this many paths are offered for one completion. */
    private static final int COMPLETIONS = 1000;

    /**
     * The commands' names (without {@code help}), read from the {@code @Command} annotations without building picocli's
     * model of them, which costs start-up time.
     */
    private static final Set<String> COMMANDS = Stream.concat(
                    Arrays.stream(FilesysCommands.class.getDeclaredMethods())
                            .map(method -> method.getAnnotation(Command.class)),
                    Stream.of(AdminCommands.class.getAnnotation(Command.class)))
            .filter(Objects::nonNull)
            .map(Command::name)
            .collect(Collectors.toUnmodifiableSet());

    @Option(names = "--balancer", paramLabel = "URL", description = "the balancer (default: $FILESYS_BALANCER)")
    String balancer;

    @Option(names = "--state", paramLabel = "FILE", description = "the state file (default: $FILESYS_STATE)")
    String state;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "print the result (and errors) as JSON")
    boolean json;

    @Spec
    CommandSpec spec;

    private final Function<Globals, Invocation> invocations;
    private final ToIntFunction<FilesysCommands> noCommand;
    private Invocation invocation;
    private FilesysClient client;
    private JsonMapper mapper;

    /**
     * @param invocations makes what the commands run against from the global options; called once, after parsing
     * @param noCommand what runs without a command (the interactive shell, or a usage error); returns the exit code
     */
    public FilesysCommands(Function<Globals, Invocation> invocations, ToIntFunction<FilesysCommands> noCommand) {
        this.invocations = invocations;
        this.noCommand = noCommand;
    }

    @Override
    public Integer call() {
        return noCommand.applyAsInt(this);
    }

    /**
     * The command line for these commands, with all of them, or with only {@code command} (and {@code help}): building
     * picocli's model of a command costs start-up time, and a one-shot command needs only its own.
     *
     * @param command the one command to add, or {@code null} for all
     */
    public CommandLine commandLine(String command) {
        CommandLine top = new CommandLine(this);
        IFactory factory = new IFactory() {
            @Override
            @SuppressWarnings("unchecked")
            public <K> K create(Class<K> type) throws Exception {
                return type == FilesysCommands.class
                        ? (K) FilesysCommands.this
                        : CommandLine.defaultFactory().create(type);
            }
        };
        for (Method method : CommandLine.getCommandMethods(FilesysCommands.class, command)) {
            top.addSubcommand(new CommandLine(method, factory));
        }
        if (command == null || command.equals("admin")) {
            top.addSubcommand(new CommandLine(new AdminCommands(this), factory));
        }
        return top;
    }

    /** Whether {@code name} names a command ({@code help} does not count). */
    public static boolean isCommand(String name) {
        return COMMANDS.contains(name);
    }

    /** Whether the result and errors are to be JSON (the global option, or the command's own {@code --json}). */
    public boolean jsonRequested() {
        return json || (invocation != null && invocation.json());
    }

    /** The global options as parsed. */
    public Globals globals() {
        return new Globals(balancer, state, json);
    }

    /** What the commands run against, made from the global options on first need. */
    public Invocation invocation() {
        if (invocation == null) {
            invocation = invocations.apply(globals());
        }
        return invocation;
    }

    // ---- session -------------------------------------------------------------------------------------------------

    @Command(
            name = "connect",
            description = {
                "Ask the balancer for a server and open the session there.",
                "Done automatically on first need; run it to move to another server. A logged-in session stays"
                        + " logged in."
            })
    public void connect() {
        Connection connection = client().connect();
        CliState current = client().state();
        print(
                new Connected(connection.serverId(), connection.serverUrl(), connection.resumed(), current.username()),
                "connected to " + connection.serverId() + " (" + connection.serverUrl() + ")"
                        + (current.username() == null ? "" : ", logged in as " + current.username()));
    }

    /** What {@code connect} prints with {@code --json}. */
    record Connected(String serverId, String serverUrl, boolean resumed, String username) {}

    @Command(
            name = "register",
            description = {
                "Create an account and log in.",
                "The password is asked for without echo, or read from --password-stdin or FILESYS_PASSWORD;"
                        + " at least 8 characters."
            })
    public void register(
            @Parameters(paramLabel = "USERNAME", description = "3 to 32 of a-z 0-9 . _ -") String username,
            @Option(names = "--password-stdin", description = "read the password from the first line of standard input")
                    boolean passwordStdin) {
        UserView user = withPassword(passwordStdin, true, password -> client().register(username, password));
        print(user, "registered " + user.username() + " and logged in (user id " + user.userId() + ")");
    }

    @Command(
            name = "login",
            description = {
                "Log in.",
                "The password is asked for without echo, or read from --password-stdin or FILESYS_PASSWORD."
            })
    public void login(
            @Parameters(paramLabel = "USERNAME", description = "your username") String username,
            @Option(names = "--password-stdin", description = "read the password from the first line of standard input")
                    boolean passwordStdin) {
        UserView user = withPassword(passwordStdin, false, password -> client().login(username, password));
        print(user, "logged in as " + user.username());
    }

    /**
     * Reads the password (from standard input with {@code --password-stdin}, else {@code FILESYS_PASSWORD}, else asked
     * for, twice with {@code confirm}), hands it to {@code use} and wipes it, whatever {@code use} does.
     */
    private <T> T withPassword(boolean passwordStdin, boolean confirm, Function<char[], T> use) {
        Invocation invocation = invocation();
        return wiping(invocation.passwords().read(passwordStdin, confirm, invocation.prompt()), use);
    }

    /** Hands {@code password} (or {@code null}) to {@code use} and wipes it, whatever {@code use} does. */
    private static <T> T wiping(char[] password, Function<char[], T> use) {
        try {
            return use.apply(password);
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
    }

    @Command(name = "logout", description = "Log out and close the session.")
    public void logout() {
        boolean hadSession = client().state().hasSession();
        client().logout();
        print(Map.of("loggedOut", hadSession), hadSession ? "logged out" : "not logged in");
    }

    @Command(name = "whoami", description = "Show who is logged in, and on which server.")
    public void whoami() {
        requireSession();
        UserView me = client().me();
        CliState current = client().state();
        print(
                new WhoAmI(me.userId(), me.username(), current.serverId(), current.serverUrl()),
                me.username() + " (user id " + me.userId() + ") on " + current.serverId() + " (" + current.serverUrl()
                        + ")");
    }

    /** What {@code whoami} prints with {@code --json}. */
    record WhoAmI(String userId, String username, String serverId, String serverUrl) {}

    @Command(
            name = "passwd",
            description = {
                "Change your password; your other sessions end, this one stays.",
                "Asked for without echo; or with --password-stdin the current password on the first line of"
                        + " standard input and the new one on the second (or FILESYS_PASSWORD and"
                        + " FILESYS_NEW_PASSWORD)."
            })
    public void passwd(
            @Option(
                            names = "--password-stdin",
                            description = "read the current and the new password from the first two lines of standard"
                                    + " input")
                    boolean passwordStdin) {
        requireSession();
        Passwords passwords = invocation().passwords();
        PasswordPrompt prompt = invocation().prompt();
        wiping(
                passwords.read(passwordStdin, Passwords.ENVIRONMENT_VARIABLE, "Current password: ", false, prompt),
                current -> wiping(
                        passwords.read(
                                passwordStdin, Passwords.NEW_ENVIRONMENT_VARIABLE, "New password: ", true, prompt),
                        chosen -> {
                            client().changePassword(current, chosen);
                            return null;
                        }));
        print(Map.of("changed", true), "password changed; your other sessions have ended");
    }

    @Command(
            name = "sessions",
            description = {
                "List your open sessions, or end them.",
                "--end ID ends one; --end-others logs out every other device."
            })
    public void sessions(
            @Option(names = "--end", paramLabel = "ID", description = "end the session with this id") String end,
            @Option(names = "--end-others", description = "end every session but this one") boolean endOthers) {
        requireSession();
        if (end != null) {
            client().endSession(end);
            print(Map.of("sessionId", end, "ended", true), "ended session " + Shown.text(end));
            return;
        }
        if (endOthers) {
            JsonNode ended = client().endOtherSessions();
            print(ended, "ended " + ended.path("ended").asInt() + " other session(s)");
            return;
        }
        JsonNode sessions = client().sessions();
        print(
                sessions,
                TextTable.of(
                        new String[] {"ID", "SERVER", "STARTED", "LAST USED", ""},
                        sessions.path("items"),
                        session -> new String[] {
                            session.path("sessionId").asString(),
                            Shown.text(session.path("serverId").asString()),
                            WHEN.format(Instant.parse(session.path("startedAt").asString())),
                            WHEN.format(Instant.parse(session.path("lastUsedAt").asString())),
                            session.path("current").asBoolean() ? "(this one)" : ""
                        }));
    }

    // ---- files ---------------------------------------------------------------------------------------------------

    @Command(
            name = "ls",
            description = {
                "List your files, the files shared with you, or both; or a folder of yours.",
                "Without PATH, -l or -R: every file you own (or with --shared/--all, shared with you), by name;"
                        + " -l --shared: the folders and files shared with you."
                        + " With PATH (default /): that folder's folders and files, or the file there; -R every"
                        + " level below it, printed as the pages arrive."
            })
    public void ls(
            @Parameters(
                            arity = "0..1",
                            paramLabel = "PATH",
                            description = "a folder or file of yours, e.g. /reports/2026 (default: /)")
                    String path,
            @Option(
                            names = {"-s", "--shared"},
                            description = "list the files others shared with you")
                    boolean shared,
            @Option(
                            names = {"-a", "--all"},
                            description = "list your files and those shared with you")
                    boolean all,
            @Option(
                            names = {"-l", "--long"},
                            description = "with size, modified, SHA-256 prefix, ETag (and owner of what is shared)")
                    boolean longFormat,
            @Option(
                            names = {"-R", "--recursive"},
                            description = "list every level below PATH, with full paths")
                    boolean recursive) {
        if (shared && all) {
            throw CliFailure.usage("give --shared or --all, not both");
        }
        if ((shared || all) && (path != null || recursive)) {
            throw CliFailure.usage("--shared and --all list files, not a folder: leave out PATH and -R");
        }
        requireSession();
        if (path == null && !longFormat && !recursive) {
            Scope scope = all ? Scope.ALL : shared ? Scope.SHARED : Scope.OWNED;
            List<FileView> files = client().list(scope);
            print(files, table(files, scope != Scope.OWNED));
            return;
        }
        if (shared || all) {
            try (Listing listing = new Listing(true, true)) {
                if (shared) {
                    client().eachShared(item -> listing.row(item, item.name()));
                } else {
                    client().list(Scope.ALL).forEach(file -> listing.row(ItemView.of(file), file.name()));
                }
            }
            return;
        }
        String at = RemotePaths.normalize(path == null ? RemotePaths.ROOT : path);
        RemoteTree tree = new RemoteTree(client());
        ItemView item = tree.at(at);
        try (Listing listing = new Listing(longFormat, false)) {
            if (!item.isFolder()) {
                listing.row(item, recursive ? at : item.name());
            } else if (recursive) {
                tree.walk(item, at, visit -> listing.row(visit.item(), visit.path()));
            } else {
                client().eachChild(item.folderId(), child -> listing.row(child, child.name()));
            }
        }
    }

    /**
     * Rows of a listing printed as they come (a listing of any length in constant memory): one line each, or with
     * {@code --json} one JSON array written element by element.
     */
    private final class Listing implements AutoCloseable {

        private final boolean longFormat;
        private final boolean withOwner;
        private final PrintWriter out = out();
        private long rows;

        Listing(boolean longFormat, boolean withOwner) {
            this.longFormat = longFormat;
            this.withOwner = withOwner;
            if (jsonRequested()) {
                out.print('[');
            }
        }

        void row(ItemView item, String shownName) {
            if (jsonRequested()) {
                out.print((rows == 0 ? "" : ",") + jsonMapper().writeValueAsString(item));
            } else {
                out.println(longFormat ? longRow(item, shownName, withOwner) : shortRow(item, shownName));
            }
            if (++rows % 1000 == 0) {
                out.flush();
            }
        }

        @Override
        public void close() {
            if (jsonRequested()) {
                out.println(']');
            } else if (rows == 0) {
                out.println("nothing here");
            }
            out.flush();
        }
    }

    private static String shortRow(ItemView item, String shownName) {
        return Shown.text(shownName) + (item.isFolder() ? "/" : "");
    }

    /** {@code -  2.0 KiB  2026-12-04 10:00Z  9f86d081884c  "3"  [owner]  name}; a folder starts with {@code d}. */
    static String longRow(ItemView item, String shownName, boolean withOwner) {
        Instant modified = item.updatedAt() != null ? item.updatedAt() : item.createdAt();
        String sha = item.sha256() == null
                ? "-"
                : item.sha256().substring(0, Math.min(12, item.sha256().length()));
        return String.format(
                "%s %10s  %-17s  %-12s  %6s  %s%s",
                item.isFolder() ? "d" : "-",
                item.isFolder() ? "-" : ByteUnits.size(item.bytes()),
                modified == null ? "-" : WHEN.format(modified),
                sha,
                item.etag() == null ? "-" : item.etag(),
                withOwner ? String.format("%-12s  ", item.owner() == null ? "-" : Shown.text(item.owner())) : "",
                shortRow(item, shownName));
    }

    @Command(
            name = "mkdir",
            description = {
                "Make folders, e.g. mkdir /reports/2026.",
                "With -p the folders above it are made too when missing, and a folder that exists is no error."
            })
    public void mkdir(
            @Parameters(paramLabel = "PATH", arity = "1..*", description = "folders to make, e.g. /reports/2026")
                    List<String> paths,
            @Option(
                            names = {"-p", "--parents"},
                            description = "make missing folders above; no error when the folder exists")
                    boolean parents) {
        requireSession();
        RemoteTree tree = new RemoteTree(client());
        List<ItemView> made = new ArrayList<>();
        for (String typed : paths) {
            String path = RemotePaths.normalize(typed);
            if (parents) {
                tree.folders(path, made::add);
                continue;
            }
            if (path.equals(RemotePaths.ROOT)) {
                throw CliFailure.conflict("NAME_TAKEN", "/ (your root folder) exists");
            }
            ItemView parent = tree.folderAt(RemotePaths.parent(path));
            try {
                made.add(client().createFolder(parent.folderId(), RemotePaths.name(path)));
            } catch (RequestRefused e) {
                if (e.code().equals("NAME_TAKEN")) {
                    throw CliFailure.conflict(e.code(), path + " already exists");
                }
                throw e;
            }
        }
        print(
                made,
                made.isEmpty()
                        ? "nothing to make: the folders exist"
                        : made.stream()
                                .map(folder -> "made folder " + Shown.text(folder.path()))
                                .collect(Collectors.joining("\n")));
    }

    @Command(
            name = "mv",
            description = {
                "Rename or move one of your files or folders, e.g. mv /a.pdf /reports/ or mv /reports /archive/2026.",
                "DST ending in / or naming an existing folder: into that folder, keeping the name. The change is"
                        + " made only if SRC is still as it was read (If-Match): one changed meanwhile is refused."
            })
    public void mv(
            @Parameters(index = "0", paramLabel = "SRC", description = "a path, a name or an id") String source,
            @Parameters(index = "1", paramLabel = "DST", description = "the new path, or a folder to move it into")
                    String destination) {
        requireSession();
        RemoteTree tree = new RemoteTree(client());
        ItemView item = item(source);
        String target = RemotePaths.normalize(destination);
        String name = null;
        String folderId;
        ItemView there = destination.endsWith("/") ? tree.folderAt(target) : tree.find(target);
        if (there != null && there.isFolder()) {
            folderId = there.folderId();
        } else if (there != null) {
            if (there.id().equals(item.id())) {
                print(item, "nothing to do: " + Shown.text(target) + " is already there");
                return;
            }
            throw CliFailure.conflict("NAME_TAKEN", "there is already a file at " + target);
        } else {
            folderId = tree.folderAt(RemotePaths.parent(target)).folderId();
            name = RemotePaths.name(target);
        }
        String container = item.isFolder() ? item.parentId() : item.folderId();
        String newName = name == null || name.equals(item.name()) ? null : name;
        String newFolder = folderId.equals(container) ? null : folderId;
        if (newName == null && newFolder == null) {
            print(item, "nothing to do: " + Shown.text(shown(item)) + " is already there");
            return;
        }
        ItemView moved;
        try {
            moved = client().move(item, newName, newFolder);
        } catch (RequestRefused e) {
            throw switch (e.code()) {
                case "PRECONDITION_FAILED" -> changedSinceRead(item, "moved", e);
                case "MOVE_INTO_OWN_SUBTREE" ->
                    new CliFailure(
                            ExitCode.USAGE,
                            e.code(),
                            "cannot move the folder " + shown(item) + " into itself or a folder below it");
                case "NAME_TAKEN" ->
                    CliFailure.conflict(
                            e.code(),
                            "the target folder already holds something named " + (name == null ? item.name() : name));
                default -> e;
            };
        }
        print(moved, "moved " + Shown.text(shown(item)) + " to " + Shown.text(shown(moved)));
    }

    @Command(
            name = "upload",
            description = {
                "Upload local files.",
                "With -r, a local directory and all it holds, into a folder (made when missing).",
                "Uses tus: an interrupted upload continues where the server stopped, on the next run or at once"
                        + " on another server when the first stops answering. The stored file's SHA-256 is checked"
                        + " against the local file's. -f replaces a file only if it is still the version read just"
                        + " before (If-Match): one changed meanwhile is refused."
            })
    public void upload(
            @Parameters(
                            paramLabel = "PATH",
                            arity = "1..*",
                            description = "local files (with -r one directory); - reads standard input (then --name"
                                    + " is needed)")
                    List<String> paths,
            @Option(
                            names = {"-n", "--name"},
                            paramLabel = "NAME",
                            description = "the name on the server, for one PATH (default: the file's name)")
                    String name,
            @Option(
                            names = {"-f", "--force", "--overwrite"},
                            description = "replace your file of the same name")
                    boolean overwrite,
            @Option(
                            names = {"-r", "--recursive"},
                            description = "upload a directory: its folders are made, files stored with the same"
                                    + " SHA-256 skipped")
                    boolean recursive,
            @Option(
                            names = "--to",
                            paramLabel = "REMOTE",
                            description = "where: a folder (/reports/, made when missing) or a path for one file;"
                                    + " with -r the folder that gets the directory's contents (default: /NAME)")
                    String to) {
        if (paths.size() > 1 && name != null) {
            throw CliFailure.usage("--name names one file; give one PATH with it");
        }
        if (paths.contains(STDIO) && (name == null || name.isBlank())) {
            throw CliFailure.usage("uploading standard input (-) needs --name NAME");
        }
        if (paths.stream().filter(STDIO::equals).count() > 1) {
            throw CliFailure.usage("standard input (-) can be uploaded once");
        }
        if (recursive) {
            if (paths.size() != 1 || paths.contains(STDIO) || name != null) {
                throw CliFailure.usage("upload -r takes one local directory, and keeps its names (no --name)");
            }
            Path directory = localPath(paths.get(0));
            if (!Files.isDirectory(directory)) {
                throw new LocalFileProblem(
                        Files.exists(directory)
                                ? paths.get(0) + " is not a directory"
                                : "no such directory: " + paths.get(0),
                        !Files.exists(directory));
            }
            requireSession();
            String base = to == null || to.isEmpty()
                    ? RemotePaths.child(
                            RemotePaths.ROOT,
                            directory.toAbsolutePath().normalize().getFileName().toString())
                    : RemotePaths.normalize(to);
            new TreeUpload(this, directory, base, overwrite).run();
            return;
        }
        List<Path> locals = paths.stream()
                .map(path -> path.equals(STDIO) ? null : existingFile(path))
                .toList();
        requireSession();
        RemoteTree tree = new RemoteTree(client());
        String folder = null;
        String targetName = name;
        if (to != null && !to.isEmpty()) {
            String remote = RemotePaths.normalize(to);
            ItemView there = to.endsWith("/") || paths.size() > 1 ? null : tree.find(remote);
            if (to.endsWith("/") || paths.size() > 1 || (there != null && there.isFolder())) {
                folder = remote;
            } else {
                if (name != null) {
                    throw CliFailure.usage("--to names the file already; leave out --name, or end --to with /");
                }
                folder = RemotePaths.parent(remote);
                targetName = RemotePaths.name(remote);
            }
        }
        List<FileView> uploaded = new ArrayList<>();
        for (Path local : locals) {
            String target =
                    targetName != null ? targetName : local.getFileName().toString();
            UploadTarget destination = uploadTarget(tree, folder, target, overwrite);
            uploaded.add(
                    local == null
                            ? uploadStandardInput(destination, overwrite)
                            : uploadOne(local, destination, overwrite, target));
        }
        printEach(
                uploaded,
                uploaded.stream().map(FilesysCommands::uploadedLine).toList(),
                "uploaded",
                uploaded.stream().mapToLong(FileView::size).sum());
    }

    /**
     * Where one upload goes: its folder ({@code null}: the root folder) and name, and with {@code overwrite} the file
     * it replaces as read now (its version goes along as If-Match), or {@code null} when there is none.
     */
    record UploadTarget(String folderPath, String folderId, String name, ItemView existing) {}

    /** Reads where an upload goes; with {@code overwrite}, the file there and its version, just before it is sent. */
    UploadTarget uploadTarget(RemoteTree tree, String folderPath, String name, boolean overwrite) {
        String folderId =
                folderPath == null || folderPath.equals(RemotePaths.ROOT) ? null : tree.folders(folderPath, made -> {});
        String path = RemotePaths.child(folderPath == null ? RemotePaths.ROOT : folderPath, name);
        ItemView existing = overwrite ? tree.find(path) : null;
        if (existing != null && existing.isFolder()) {
            throw CliFailure.conflict("NAME_TAKEN", path + " is a folder: an upload never replaces a folder");
        }
        return new UploadTarget(folderPath, folderId, name, existing);
    }

    @Command(
            name = "download",
            description = {
                "Download files.",
                "With -r, a folder and all it holds, into a local directory.",
                "The bytes go to PATH.<sha256-prefix>.part first: an interrupted download continues from there"
                        + " (Range request), also on another server; the SHA-256 is verified before the file is moved"
                        + " into place."
            })
    public void download(
            @Parameters(
                            paramLabel = "FILE",
                            arity = "1..*",
                            description = "file names, paths or ids (with -r one folder)")
                    List<String> files,
            @Option(
                            names = {"-o", "--to"},
                            paramLabel = "PATH",
                            description = "where to save: a file, a directory (DIR/ is created when missing), or -"
                                    + " for standard output (default: ./NAME)")
                    String to,
            @Option(
                            names = {"-f", "--force", "--overwrite"},
                            description = "replace an existing local file")
                    boolean overwrite,
            @Option(
                            names = {"-r", "--recursive"},
                            description = "download a folder into a local directory (default: ./NAME); complete"
                                    + " files are skipped")
                    boolean recursive) {
        boolean toStdout = STDIO.equals(to);
        if (recursive) {
            if (files.size() != 1 || toStdout) {
                throw CliFailure.usage("download -r takes one folder, and a directory for --to");
            }
            requireSession();
            ItemView folder = item(files.get(0));
            if (!folder.isFolder()) {
                throw CliFailure.usage("download -r takes a folder; " + shown(folder) + " is a file");
            }
            if ((to == null || to.isEmpty()) && folder.name() == null) {
                throw CliFailure.usage("download -r /: give the local directory with --to DIR");
            }
            new TreeDownload(this, folder, localPath(to == null || to.isEmpty() ? folder.name() : to), overwrite).run();
            return;
        }
        if (toStdout && files.size() > 1) {
            throw CliFailure.usage("standard output (-) takes one FILE");
        }
        Path directory = toStdout || to == null || to.isEmpty() ? null : directory(to, files.size() > 1);
        requireSession();
        List<FileView> remotes = files.stream().map(this::file).toList();
        if (directory != null) {
            createDirectory(to, directory);
        }
        if (toStdout) {
            downloadToStandardOutput(remotes.get(0));
            return;
        }
        List<DownloadResult> results = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        long total = 0;
        for (FileView remote : remotes) {
            Path target = directory != null
                    ? directory
                    : to == null || to.isEmpty() ? localPath(remote.name()) : localPath(to);
            Downloaded downloaded = downloadOne(remote, target, overwrite, Shown.text(remote.name()));
            results.add(DownloadResult.of(downloaded, downloaded.path().toString()));
            lines.add(downloadedLine(Shown.text(remote.name()), downloaded.path(), downloaded));
            total += remote.size();
        }
        printEach(results, lines, "downloaded", total);
    }

    /**
     * One result as its line; several as their lines and a total ({@code uploaded 3 files, 42 bytes (42 B)}), with
     * {@code --json} as one array.
     */
    private void printEach(List<?> results, List<String> lines, String verb, long bytes) {
        if (results.size() == 1) {
            print(results.get(0), lines.get(0));
        } else {
            print(
                    results,
                    String.join("\n", lines) + "\n" + verb + " " + results.size() + " files, " + bytes + " bytes ("
                            + ByteUnits.size(bytes) + ")");
        }
    }

    @Command(name = "info", description = "Show a file's or folder's metadata and, for your own, its shares.")
    public void info(@Parameters(paramLabel = "FILE", description = "a path, a file name or an id") String file) {
        requireSession();
        ItemView item = item(file);
        if (item.isFolder()) {
            ItemView folder = client().folder(item.folderId());
            StringBuilder text = new StringBuilder();
            field(text, "folder", Shown.text(shown(folder)));
            field(text, "id", folder.folderId());
            field(text, "etag", folder.etag());
            appendCommon(text, folder.createdAt(), folder.updatedAt(), folder.owner(), folder.shares());
            print(folder, text.toString().stripTrailing());
            return;
        }
        FileView found = client().info(item.fileId());
        StringBuilder text = new StringBuilder();
        field(text, "name", Shown.text(found.name()));
        if (found.path() != null) {
            field(text, "path", Shown.text(found.path()));
        }
        field(text, "id", found.fileId());
        field(text, "size", found.size() + " bytes (" + ByteUnits.size(found.size()) + ")");
        field(text, "sha256", found.sha256());
        if (found.version() > 0) {
            field(text, "etag", "\"" + found.version() + "\"");
        }
        if (found.contentType() != null) {
            field(text, "type", Shown.text(found.contentType()));
        }
        appendCommon(text, found.createdAt(), found.updatedAt(), found.owner(), found.shares());
        print(found, text.toString().stripTrailing());
    }

    private static void appendCommon(
            StringBuilder text, Instant created, Instant updated, String owner, List<ShareView> shares) {
        if (created != null) {
            field(text, "created", created);
        }
        if (updated != null) {
            field(text, "modified", updated);
        }
        if (owner != null) {
            field(text, "owner", Shown.text(owner));
        }
        if (!shares.isEmpty()) {
            text.append("shared with:\n");
            shares.forEach(share -> text.append("  ").append(shareLine(share)).append('\n'));
        }
    }

    /** One line of {@code info}: {@code label:}, padded to where the values begin, and the value. */
    private static void field(StringBuilder text, String label, Object value) {
        text.append("%-10s".formatted(label + ":")).append(value).append('\n');
    }

    /** {@code bob (read, until 2026-12-31T23:00:00Z)}. */
    private static String shareLine(ShareView share) {
        return Shown.text(share.username()) + " (" + share.permission()
                + (share.expiresAt() == null ? "" : ", until " + share.expiresAt()) + ")";
    }

    @Command(
            name = "share",
            description = "Let another user read one of your files, or a folder with all it holds now and later.")
    public void share(
            @Parameters(index = "0", paramLabel = "FILE", description = "a path, a file name or an id") String file,
            @Parameters(index = "1", paramLabel = "USER", description = "who may read it") String user,
            @Option(
                            names = {"-e", "--expires"},
                            paramLabel = "WHEN",
                            description = "an instant (2026-12-31T23:00:00Z) or a duration (7d, 12h, 30m)")
                    String expires) {
        Instant expiresAt = expires == null || expires.isEmpty()
                ? null
                : Expiry.parse(expires, invocation().clock().instant());
        requireSession();
        ItemView found = item(file);
        ShareView share = client().share(found, user, expiresAt);
        print(
                identity(found, "share", share),
                "shared " + (found.isFolder() ? "the folder " : "") + Shown.text(shown(found)) + " with "
                        + shareLine(share));
    }

    @Command(name = "unshare", description = "Stop sharing one of your files or folders with a user.")
    public void unshare(
            @Parameters(index = "0", paramLabel = "FILE", description = "a path, a file name or an id") String file,
            @Parameters(index = "1", paramLabel = "USER", description = "who may no longer read it") String user) {
        requireSession();
        ItemView found = item(file);
        client().unshare(found, user);
        print(
                identity(found, "username", user, "shared", false),
                "stopped sharing " + Shown.text(shown(found)) + " with " + Shown.text(user));
    }

    @Command(
            name = "link",
            description = {
                "Public links: anyone with the link reads the file or folder, without an account.",
                "link create FILE [--expires WHEN] [--password-stdin] [--max-downloads N] [--label TEXT]: a new link;"
                        + " its address is shown this once (curl -L ADDRESS -o FILE downloads it).",
                "link ls: your links. link rm ID: revoke one. link log ID: its downloads."
            })
    public void link(
            @Parameters(index = "0", paramLabel = "ACTION", description = "create, ls, rm or log") String action,
            @Parameters(
                            index = "1",
                            arity = "0..1",
                            paramLabel = "FILE|ID",
                            description = "create: a path, a file name or an id; rm, log: a link id")
                    String target,
            @Option(
                            names = {"-e", "--expires"},
                            paramLabel = "WHEN",
                            description = "create: an instant (2026-12-31T23:00:00Z) or a duration (7d, 12h, 30m);"
                                    + " default: the server's (7 days)")
                    String expires,
            @Option(
                            names = "--password-stdin",
                            description = "create: protect the link with a password, read from the first line of"
                                    + " standard input")
                    boolean passwordStdin,
            @Option(names = "--max-downloads", paramLabel = "N", description = "create: allow N downloads")
                    Integer maxDownloads,
            @Option(names = "--label", paramLabel = "TEXT", description = "create: a note for yourself") String label) {
        boolean needsTarget = !action.equals("ls");
        if (!Set.of("create", "ls", "rm", "log").contains(action)) {
            throw CliFailure.usage("link: the action is create, ls, rm or log, not " + Shown.text(action));
        }
        if (needsTarget == (target == null)) {
            throw CliFailure.usage(
                    needsTarget
                            ? "link " + action + ": name the " + (action.equals("create") ? "file" : "link id")
                            : "link ls takes no argument");
        }
        if (!action.equals("create") && (expires != null || passwordStdin || maxDownloads != null || label != null)) {
            throw CliFailure.usage("link " + action + ": --expires, --password-stdin, --max-downloads and --label"
                    + " are for link create");
        }
        switch (action) {
            case "create" -> linkCreate(target, expires, passwordStdin, maxDownloads, label);
            case "ls" -> {
                requireSession();
                List<LinkView> links = client().links();
                print(links, linkTable(links));
            }
            case "rm" -> {
                requireSession();
                client().revokeLink(target);
                print(Map.of("linkId", target, "revoked", true), "revoked link " + Shown.text(target));
            }
            default -> {
                requireSession();
                List<LinkDownload> downloads = client().linkDownloads(target, 1000);
                print(
                        downloads,
                        downloads.isEmpty()
                                ? "no downloads"
                                : lines(
                                        downloads,
                                        download -> WHEN.format(download.downloadedAt()) + "  "
                                                + Shown.text(download.clientAddress()) + "  " + download.bytes()
                                                + " bytes  " + Shown.text(download.fileName())));
            }
        }
    }

    private void linkCreate(String file, String expires, boolean passwordStdin, Integer maxDownloads, String label) {
        Instant expiresAt = expires == null || expires.isEmpty()
                ? null
                : Expiry.parse(expires, invocation().clock().instant());
        if (maxDownloads != null && maxDownloads < 1) {
            throw CliFailure.usage("--max-downloads must be at least 1");
        }
        char[] password = passwordStdin
                ? invocation().passwords().read(true, false, invocation().prompt())
                : null;
        wiping(password, given -> {
            requireSession();
            ItemView found = item(file);
            LinkView link = client().createLink(found, expiresAt, given, maxDownloads, label);
            print(
                    link,
                    link.url() + "\n" + "link " + link.linkId() + " to " + (found.isFolder() ? "the folder " : "")
                            + Shown.text(shown(found)) + ", until "
                            + link.expiresAt()
                            + (link.maxDownloads() == null ? "" : ", " + link.maxDownloads() + " downloads")
                            + (link.passwordProtected() ? ", with a password" : ""));
            return null;
        });
    }

    static String linkTable(List<LinkView> links) {
        if (links.isEmpty()) {
            return "no links";
        }
        return lines(
                links,
                link -> link.linkId() + "  " + link.state() + "  "
                        + (link.fileId() != null ? "file " + link.fileId() : "folder " + link.folderId()) + "  until "
                        + WHEN.format(link.expiresAt()) + "  " + link.downloads()
                        + (link.maxDownloads() == null ? "" : "/" + link.maxDownloads()) + " downloads"
                        + (link.passwordProtected() ? "  password" : "")
                        + (link.label() == null || link.label().isEmpty() ? "" : "  " + Shown.text(link.label())));
    }

    @Command(
            name = "rm",
            description = {
                "Delete one of your files or folders (to the trash: see trash).",
                "A folder that holds anything needs -r, and goes to the trash with all it holds. Only what is as it"
                        + " was read is deleted (If-Match): an item changed meanwhile is refused."
            })
    public void rm(
            @Parameters(paramLabel = "FILE", description = "a path, a file name or an id") String file,
            @Option(
                            names = {"-r", "--recursive"},
                            description = "delete a folder with everything in it")
                    boolean recursive) {
        requireSession();
        ItemView found = item(file);
        if (found.isFolder()
                && !recursive
                && !client().firstChildren(found.folderId(), 1).isEmpty()) {
            throw new CliFailure(
                    ExitCode.USAGE,
                    "FOLDER_NOT_EMPTY",
                    "the folder " + shown(found) + " is not empty (rm -r moves it to the trash with all it holds)");
        }
        try {
            client().delete(found);
        } catch (RequestRefused e) {
            throw e.code().equals("PRECONDITION_FAILED") ? changedSinceRead(found, "deleted", e) : e;
        }
        print(
                identity(found, "deleted", true),
                "deleted " + (found.isFolder() ? "the folder " : "") + Shown.text(shown(found)));
    }

    @Command(name = "versions", description = "List a file's earlier contents, newest first.")
    public void versions(@Parameters(paramLabel = "FILE", description = "a path, a file name or an id") String file) {
        requireSession();
        FileView found = file(file);
        List<VersionView> versions = client().versions(found.fileId());
        print(
                versions,
                versions.isEmpty()
                        ? Shown.text(found.name()) + " has no earlier contents"
                        : lines(
                                versions,
                                version -> version.versionId() + "  "
                                        + String.format("%10s", ByteUnits.size(version.size())) + "  replaced "
                                        + version.replacedAt()
                                        + (version.createdBy() == null
                                                ? ""
                                                : "  by " + Shown.text(version.createdBy()))));
    }

    @Command(
            name = "restore",
            description = "Make an earlier content of one of your files its content again (see versions); the"
                    + " content it replaces is kept as a version.")
    public void restore(
            @Parameters(index = "0", paramLabel = "FILE", description = "a path, a file name or an id") String file,
            @Parameters(index = "1", paramLabel = "VERSION", description = "a version id, as versions lists it")
                    String version) {
        requireSession();
        FileView found = file(file);
        FileView restored = client().restoreVersion(found.fileId(), version);
        print(
                restored,
                "restored " + Shown.text(found.name()) + " to version " + Shown.text(version) + " ("
                        + ByteUnits.size(restored.size()) + ")");
    }

    @Command(
            name = "trash",
            description = {
                "List what you deleted, or act on it: trash restore ITEM, trash rm ITEM (for good), trash empty.",
                "ITEM is an id or a name (the most recently deleted of that name)."
            })
    public void trash(
            @Parameters(
                            index = "0",
                            arity = "0..1",
                            paramLabel = "ACTION",
                            description = "restore, rm or empty (default: list)")
                    String action,
            @Parameters(index = "1", arity = "0..1", paramLabel = "ITEM", description = "an id or a name")
                    String item) {
        String verb = action == null ? "list" : action;
        boolean needsItem = verb.equals("restore") || verb.equals("rm");
        if (!List.of("list", "restore", "rm", "empty").contains(verb)) {
            throw CliFailure.usage("trash: ACTION is restore, rm or empty, not '" + verb + "'");
        }
        if (needsItem != (item != null)) {
            throw CliFailure.usage(
                    needsItem ? "trash " + verb + ": give the ITEM" : "trash " + verb + " takes no ITEM");
        }
        requireSession();
        switch (verb) {
            case "restore" -> {
                TrashRestored restored = client().restoreFromTrash(item);
                print(restored, "restored " + restored.kind() + " " + Shown.text(restored.name()));
            }
            case "rm" -> {
                client().purge(item);
                print(fields("item", item, "purged", true), "deleted " + Shown.text(item) + " for good");
            }
            case "empty" -> {
                client().emptyTrash();
                print(Map.of("emptied", true), "emptied the trash");
            }
            default -> {
                List<TrashItem> items = client().trash();
                print(
                        items,
                        items.isEmpty()
                                ? "the trash is empty"
                                : lines(
                                        items,
                                        trashed -> trashed.id() + "  " + String.format("%-6s", trashed.kind())
                                                + String.format("%10s", ByteUnits.size(trashed.size())) + "  "
                                                + trashed.trashedAt() + "  " + Shown.text(trashed.originalPath())));
            }
        }
    }

    @Command(
            name = "events",
            description = "Print, as they happen, the events that concern you: files shared with you, unshared,"
                    + " deleted, and your sessions ending.")
    public void events(
            @Option(names = "--from", paramLabel = "ID", description = "first replay the events after this event id")
                    String from,
            @Option(
                            names = "--count",
                            paramLabel = "N",
                            description = "stop after N events (default: until interrupted)")
                    String count) {
        Long afterId = from == null || from.isEmpty() ? null : positiveNumber("--from", from);
        long limit = count == null || count.isEmpty() ? Long.MAX_VALUE : positiveNumber("--count", count);
        requireSession();
        PrintWriter out = out();
        long[] printed = {0};
        client().followEvents(afterId, event -> {
            out.println(jsonRequested() ? event.data().toString() : describe(event));
            out.flush();
            return ++printed[0] < limit;
        });
    }

    @Command(
            name = "completion",
            description = {
                "Print the completion script for bash, zsh or fish.",
                "bash: source <(filesys completion bash); zsh: the same in ~/.zshrc;"
                        + " fish: filesys completion fish > ~/.config/fish/completions/filesys.fish"
            })
    public void completion(@Parameters(paramLabel = "SHELL", description = "bash, zsh or fish") String shell) {
        String script = switch (shell) {
            // picocli's script serves zsh too (it loads bashcompinit there)
            case "bash", "zsh" -> AutoComplete.bash("filesys", root());
            case "fish" -> FishCompletion.script(root().getCommandSpec());
            default -> throw CliFailure.usage("completion: SHELL is bash, zsh or fish, not '" + shell + "'");
        };
        PrintWriter out = out();
        out.print(script);
        out.flush();
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private static long positiveNumber(String option, String value) {
        try {
            long number = Long.parseLong(value);
            if (number >= 0) {
                return number;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw CliFailure.usage(option + " takes a non-negative whole number, not '" + value + "'");
    }

    /** One line a person reads, e.g. {@code 42 file_shared: alice shared report.pdf with you}. */
    static String describe(ServerEvent event) {
        JsonNode data = event.data();
        Function<String, String> value = name -> Shown.text(data.path(name).asString());
        String what = switch (event.type()) {
            case "file_shared" ->
                value.apply("owner") + " shared " + value.apply("fileName") + " with you"
                        + (data.path("expiresAt").isMissingNode() ? "" : " until " + value.apply("expiresAt"));
            case "file_unshared" -> value.apply("owner") + " stopped sharing " + value.apply("fileName") + " with you";
            case "file_deleted" -> value.apply("owner") + " deleted " + value.apply("fileName");
            case "item_trashed" ->
                value.apply("owner") + " moved the " + value.apply("kind") + " " + value.apply("name")
                        + " to the trash";
            case "item_restored" ->
                value.apply("owner") + " restored the " + value.apply("kind") + " " + value.apply("name")
                        + " from the trash";
            case "session_closed" ->
                "your session " + data.path("sessionId").asString() + " ended (" + value.apply("reason") + ")";
            case "resync" -> "some events were missed; list your files again";
            default -> Shown.text(data.toString());
        };
        return (event.id() >= 0 ? event.id() + " " : "") + Shown.text(event.type()) + ": " + what;
    }

    private static Path existingFile(String path) {
        Path local = localPath(path);
        if (!Files.exists(local)) {
            throw new LocalFileProblem("no such file: " + path, true);
        }
        if (Files.isDirectory(local)) {
            throw new LocalFileProblem(path + " is a directory", false);
        }
        return local;
    }

    /** Uploads one local file to {@code target}, with a progress display labelled {@code label}. */
    FileView uploadOne(Path local, UploadTarget target, boolean overwrite, String label) {
        // at the top of the tree the name alone, as before there were folders
        String path =
                target.folderPath() == null ? target.name() : RemotePaths.child(target.folderPath(), target.name());
        try (TransferProgress display = TransferProgress.of(
                invocation().progress(), "upload " + label, invocation().messages())) {
            return target.existing() != null
                    ? client().replace(local, target.existing(), display)
                    : client().upload(local, target.folderId(), target.name(), false, display);
        } catch (RequestRefused e) {
            throw switch (e.code()) {
                case "NAME_TAKEN" ->
                    CliFailure.conflict(
                            e.code(),
                            overwrite
                                    ? path + " appeared while this upload ran; nothing was replaced (run again to"
                                            + " replace it)"
                                    : "you already have a file named " + path + " (use --force to replace it)");
                case "PRECONDITION_FAILED" ->
                    CliFailure.conflict(
                            e.code(),
                            path + " changed on the server since it was read; nothing was replaced, so the other"
                                    + " change is kept (look at it, then run again to replace it)");
                default -> e;
            };
        }
    }

    /**
     * Standard input is read to a private temporary file first: tus needs the length up front, and the SHA-256 is
     * checked against the bytes that were read. The file it replaces was read before, so a change made while standard
     * input is read is not overwritten.
     */
    private FileView uploadStandardInput(UploadTarget target, boolean overwrite) {
        Path buffer = null;
        try {
            buffer = Files.createTempFile("filesys-stdin-", ".upload");
            try (InputStream in = invocation().in()) {
                Files.copy(in, buffer, StandardCopyOption.REPLACE_EXISTING);
            }
            return uploadOne(buffer, target, overwrite, target.name());
        } catch (IOException e) {
            throw new LocalFileProblem("cannot read standard input: " + e.getMessage(), false);
        } finally {
            deleteQuietly(buffer);
        }
    }

    /** Downloads one file to {@code target}, with a progress display labelled {@code label}. */
    Downloaded downloadOne(FileView remote, Path target, boolean overwrite, String label) {
        try (TransferProgress display = TransferProgress.of(
                invocation().progress(), "download " + label, invocation().messages())) {
            return client().download(remote, target, overwrite, display);
        }
    }

    /** Downloads into a private temporary directory, and only verified bytes are copied to standard output. */
    private void downloadToStandardOutput(FileView remote) {
        Path directory = null;
        Downloaded downloaded = null;
        try {
            directory = Files.createTempDirectory("filesys-download-");
            downloaded = downloadOne(remote, directory, false, Shown.text(remote.name()));
            Files.copy(downloaded.path(), invocation().out());
            invocation().out().flush();
        } catch (IOException e) {
            throw new LocalFileProblem("cannot write to standard output: " + e.getMessage(), false);
        } finally {
            if (downloaded != null) {
                deleteQuietly(downloaded.path());
            }
            deleteQuietly(directory);
        }
        // standard output holds the bytes: the summary goes with the messages
        invocation()
                .messages()
                .println(
                        jsonRequested()
                                ? jsonMapper().writeValueAsString(DownloadResult.of(downloaded, STDIO))
                                : downloadedLine(Shown.text(remote.name()), "standard output", downloaded));
        invocation().messages().flush();
    }

    /**
     * The directory {@code --to} names, or {@code null} for a file: {@code DIR/} (created when missing), an existing
     * directory, or with several files whatever it is (which must then be a directory).
     */
    private static Path directory(String to, boolean several) {
        Path path = localPath(to);
        boolean slash = to.endsWith("/") || to.endsWith(java.io.File.separator);
        if (slash || several) {
            if (Files.exists(path) && !Files.isDirectory(path)) {
                throw new LocalFileProblem(
                        "--to " + to + ": " + path + " is a file, not a directory"
                                + (slash ? "" : " (several files need a directory)"),
                        false);
            }
            if (!slash && !Files.isDirectory(path)) {
                throw CliFailure.usage("several files need --to DIR/ (a directory; end it with / to create it)");
            }
            return path;
        }
        return Files.isDirectory(path) ? path : null;
    }

    private static void createDirectory(String to, Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new LocalFileProblem("--to " + to + ": cannot create the directory: " + e.getMessage(), false);
        }
    }

    private static void deleteQuietly(Path path) {
        if (path != null) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // a temporary file the system cleans up
            }
        }
    }

    private static String uploadedLine(FileView file) {
        return "uploaded " + Shown.text(file.name()) + " (" + file.size() + " bytes, sha256 " + file.sha256() + ", id "
                + file.fileId() + ")";
    }

    /** A downloaded file as a result says it, with {@code --json}; {@code path} is where its bytes went. */
    record DownloadResult(FileView file, String path, long resumedFrom, boolean sha256Verified) {

        static DownloadResult of(Downloaded downloaded, String path) {
            return new DownloadResult(
                    downloaded.file(),
                    path,
                    downloaded.resumedFrom(),
                    downloaded.file().sha256() != null);
        }
    }

    /** {@code downloaded NAME to WHERE (N bytes, sha256 verified)}, with where a partial download was resumed. */
    static String downloadedLine(String name, Object where, Downloaded downloaded) {
        return "downloaded " + name + " to " + where + " (" + downloaded.file().size() + " bytes, sha256 "
                + (downloaded.file().sha256() == null ? "not given" : "verified")
                + (downloaded.resumedFrom() > 0 ? ", resumed at byte " + downloaded.resumedFrom() : "") + ")";
    }

    /** Closes the client, when one was made. */
    @Override
    public void close() {
        if (client != null) {
            client.close();
            client = null;
        }
    }

    /**
     * For completion in the shell: the names of the files the user owns or has been shared; or, when {@code typed}
     * holds a {@code /}, the paths in the folder it names (folders ending in {@code /}). None when there is no session
     * or the server cannot say (completion must not fail or print).
     */
    public List<String> remoteNames(String typed) {
        try {
            if (!client().state().hasSession()) {
                return List.of();
            }
            if (RemotePaths.isPath(typed)) {
                String folder = typed.substring(0, typed.lastIndexOf('/') + 1);
                ItemView there = new RemoteTree(client()).find(RemotePaths.normalize(folder));
                if (there == null || !there.isFolder()) {
                    return List.of();
                }
                return client().firstChildren(there.folderId(), COMPLETIONS).stream()
                        .map(child -> folder + child.name() + (child.isFolder() ? "/" : ""))
                        .toList();
            }
            return client().list(Scope.ALL).stream()
                    .map(FileView::name)
                    .distinct()
                    .sorted()
                    .toList();
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    /** The logged-in user's name for the prompt, or {@code null}. */
    public String promptUser() {
        return client == null ? null : client.state().username();
    }

    FilesysClient client() {
        if (client == null) {
            client = invocation().clients().get();
        }
        return client;
    }

    void requireSession() {
        if (!client().state().hasSession()) {
            throw new CliFailure(
                    ExitCode.AUTH,
                    "NOT_LOGGED_IN",
                    "not logged in: run 'filesys login USERNAME' (or 'filesys register USERNAME')");
        }
    }

    private FileView resolve(String file) {
        return new FileResolver(client()).resolve(file);
    }

    /** A file to download: by path in your tree, else as {@link FileResolver} finds it. */
    private FileView file(String typed) {
        if (!RemotePaths.isPath(typed)) {
            return resolve(typed);
        }
        ItemView item = new RemoteTree(client()).at(RemotePaths.normalize(typed));
        if (item.isFolder()) {
            throw CliFailure.usage(item.path() + " is a folder (download -r fetches a folder)");
        }
        return item.asFile();
    }

    /**
     * A file or folder as typed: a path ({@code /reports/q3.pdf}, anything holding a {@code /}) in your tree; an id of a
     * file or folder; a name at the top of your tree; else a file name as {@link FileResolver} finds it (yours
     * anywhere, or shared with you).
     */
    ItemView item(String typed) {
        RemoteTree tree = new RemoteTree(client());
        if (RemotePaths.isPath(typed)) {
            return tree.at(RemotePaths.normalize(typed));
        }
        if (!FileResolver.looksLikeId(typed) && !typed.isBlank()) {
            try {
                ItemView top = tree.find(RemotePaths.child(RemotePaths.ROOT, typed));
                if (top != null) {
                    return top;
                }
            } catch (RequestRefused e) {
                if (e.status() != 400) {
                    throw e;
                }
                // not a name the tree can hold (INVALID_PATH): perhaps one shared with you
            }
        }
        try {
            return ItemView.of(resolve(typed));
        } catch (CliFailure e) {
            if (e.exitCode() != ExitCode.NOT_FOUND || !FileResolver.looksLikeId(typed)) {
                throw e;
            }
            try {
                return client().folder(typed);
            } catch (RequestRefused refused) {
                throw e;
            }
        }
    }

    /** The refusal of a change to {@code item} because it changed since it was read (its If-Match failed). */
    private static CliFailure changedSinceRead(ItemView item, String done, RequestRefused e) {
        return CliFailure.conflict(
                e.code(),
                shown(item) + " changed since it was read; nothing was " + done + " (look at it again, then retry)");
    }

    /** How an item is named to its user: its path when the server gave one (to the owner), else its name. */
    static String shown(ItemView item) {
        return item.path() != null ? item.path() : item.name();
    }

    /**
     * {@code fileId} or {@code folderId}, {@code kind} and {@code name} (and {@code path}): what a result says it acted
     * on; then the fields {@code more} names.
     */
    private static Map<String, Object> identity(ItemView item, Object... more) {
        Map<String, Object> result =
                fields(item.isFolder() ? "folderId" : "fileId", item.id(), "kind", item.kind(), "name", item.name());
        if (item.path() != null) {
            result.put("path", item.path());
        }
        result.putAll(fields(more));
        return result;
    }

    /** A JSON object's fields in the order given: names and values alternating (a value may be {@code null}). */
    static Map<String, Object> fields(Object... namesAndValues) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return fields;
    }

    /** One line for each item, as {@code line} has it (trailing blanks dropped, as for any text block). */
    private static <T> String lines(List<T> items, Function<T, String> line) {
        return items.stream().map(line).collect(Collectors.joining("\n")).stripTrailing();
    }

    private static Path localPath(String path) {
        try {
            return Path.of(path);
        } catch (InvalidPathException e) {
            throw CliFailure.usage("not a valid path: " + path);
        }
    }

    private CommandLine root() {
        CommandLine root = spec.commandLine();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        return root;
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Made on first use: commands that print no JSON never load Jackson's serialisers. */
    JsonMapper jsonMapper() {
        if (mapper == null) {
            mapper = JsonMapper.builder()
                    .disable(SerializationFeature.INDENT_OUTPUT)
                    .build();
        }
        return mapper;
    }

    void print(Object result, String text) {
        PrintWriter out = out();
        out.println(jsonRequested() ? jsonMapper().writeValueAsString(result) : text);
        out.flush();
    }

    /** A line of a long command's progress, printed as it happens; none with {@code --json} (one result at the end). */
    void printProgress(String line) {
        if (!jsonRequested()) {
            print(null, line);
        }
    }

    static String table(List<FileView> files, boolean withOwner) {
        if (files.isEmpty()) {
            return "no files";
        }
        return TextTable.of(
                withOwner
                        ? new String[] {"NAME", "SIZE", "CREATED", "OWNER", "ID"}
                        : new String[] {"NAME", "SIZE", "CREATED", "ID"},
                files,
                file -> {
                    String created = file.createdAt() == null ? "-" : WHEN.format(file.createdAt());
                    String size = ByteUnits.size(file.size());
                    return withOwner
                            ? new String[] {
                                Shown.text(file.name()), size, created, Shown.text(file.owner()), file.fileId()
                            }
                            : new String[] {Shown.text(file.name()), size, created, file.fileId()};
                });
    }
}
