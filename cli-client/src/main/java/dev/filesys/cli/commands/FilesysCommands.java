package dev.filesys.cli.commands;

import dev.filesys.cli.client.Connection;
import dev.filesys.cli.client.Downloaded;
import dev.filesys.cli.client.FileView;
import dev.filesys.cli.client.FilesysClient;
import dev.filesys.cli.client.LocalFileProblem;
import dev.filesys.cli.client.RequestRefused;
import dev.filesys.cli.client.Scope;
import dev.filesys.cli.client.ServerEvent;
import dev.filesys.cli.client.ShareView;
import dev.filesys.cli.client.UserView;
import dev.filesys.cli.progress.ByteUnits;
import dev.filesys.cli.progress.TransferProgress;
import dev.filesys.cli.state.CliState;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.CommandOption;
import org.springframework.shell.core.command.annotation.Argument;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The filesys commands. Each one is thin: it reads its arguments, asks {@link FilesysClient}, and prints the result
 * for a human or, with {@code --json}, as one JSON document. Failures are thrown and become one line and an exit code
 * (see {@link Failure}).
 */
public final class FilesysCommands {

    /** The order the help lists the commands in. */
    static final List<String> ORDER = List.of(
            "connect",
            "register",
            "login",
            "logout",
            "whoami",
            "ls",
            "upload",
            "download",
            "info",
            "share",
            "unshare",
            "rm",
            "events",
            "help");

    private static final String SESSION = "Session";
    private static final String FILES = "Files";
    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm'Z'").withZone(ZoneOffset.UTC);

    private final Supplier<FilesysClient> clients;
    private final PrintStream messages;
    private final Passwords passwords;
    private final boolean json;
    private final TransferProgress.Mode progress;
    private final Clock clock;
    private final JsonMapper mapper =
            JsonMapper.builder().disable(SerializationFeature.INDENT_OUTPUT).build();
    private FilesysClient client;

    /**
     * @param clients makes the client on first use (so {@code help} works even when the state file is unusable)
     * @param messages where progress and notices (fail-overs) go: standard error
     * @param passwords where passwords come from
     * @param json whether every command prints JSON ({@code --json} before the command)
     * @param progress how transfers show progress
     * @param clock the time {@code --expires} durations count from
     */
    public FilesysCommands(
            Supplier<FilesysClient> clients,
            PrintStream messages,
            Passwords passwords,
            boolean json,
            TransferProgress.Mode progress,
            Clock clock) {
        this.clients = clients;
        this.messages = messages;
        this.passwords = passwords;
        this.json = json;
        this.progress = progress;
        this.clock = clock;
    }

    // ---- session -------------------------------------------------------------------------------------------------

    @Command(
            name = "connect",
            group = SESSION,
            description = "Ask the balancer for a server and open the session there",
            help = "Done automatically on first need; run it to move to another server. A logged-in session stays"
                    + " logged in.")
    public void connect(CommandContext context) {
        Connection connection = client().connect();
        CliState state = client().state();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("serverId", connection.serverId());
        result.put("serverUrl", connection.serverUrl());
        result.put("resumed", connection.resumed());
        result.put("username", state.username());
        print(
                context,
                result,
                "connected to " + connection.serverId() + " (" + connection.serverUrl() + ")"
                        + (state.username() == null ? "" : ", logged in as " + state.username()));
    }

    @Command(
            name = "register",
            group = SESSION,
            description = "Create an account and log in",
            help = "The password is asked for without echo, or read from --password-stdin or FILESYS_PASSWORD;"
                    + " at least 8 characters.")
    public void register(
            CommandContext context,
            @Argument(index = 0, description = "USERNAME: 3 to 32 of a-z 0-9 . _ -") String username,
            @Option(
                            longName = "password-stdin",
                            description = "read the password from the first line of standard input")
                    boolean passwordStdin) {
        char[] password = passwords.read(passwordStdin, true, context.inputReader());
        try {
            UserView user = client().register(username, password);
            print(context, user, "registered " + user.username() + " and logged in (user id " + user.userId() + ")");
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    @Command(
            name = "login",
            group = SESSION,
            description = "Log in",
            help = "The password is asked for without echo, or read from --password-stdin or FILESYS_PASSWORD.")
    public void login(
            CommandContext context,
            @Argument(index = 0, description = "USERNAME: your username") String username,
            @Option(
                            longName = "password-stdin",
                            description = "read the password from the first line of standard input")
                    boolean passwordStdin) {
        char[] password = passwords.read(passwordStdin, false, context.inputReader());
        try {
            UserView user = client().login(username, password);
            print(context, user, "logged in as " + user.username());
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    @Command(name = "logout", group = SESSION, description = "Log out and close the session")
    public void logout(CommandContext context) {
        boolean hadSession = client().state().hasSession();
        client().logout();
        print(context, Map.of("loggedOut", hadSession), hadSession ? "logged out" : "not logged in");
    }

    @Command(name = "whoami", group = SESSION, description = "Show who is logged in, and on which server")
    public void whoami(CommandContext context) {
        requireSession();
        UserView me = client().me();
        CliState state = client().state();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("userId", me.userId());
        result.put("username", me.username());
        result.put("serverId", state.serverId());
        result.put("serverUrl", state.serverUrl());
        print(
                context,
                result,
                me.username() + " (user id " + me.userId() + ") on " + state.serverId() + " (" + state.serverUrl()
                        + ")");
    }

    // ---- files ---------------------------------------------------------------------------------------------------

    @Command(name = "ls", group = FILES, description = "List your files, the files shared with you, or both")
    public void ls(
            CommandContext context,
            @Option(longName = "shared", description = "list the files others shared with you") boolean shared,
            @Option(longName = "all", description = "list your files and those shared with you") boolean all) {
        if (shared && all) {
            throw CliFailure.usage("give --shared or --all, not both");
        }
        requireSession();
        Scope scope = all ? Scope.ALL : shared ? Scope.SHARED : Scope.OWNED;
        List<FileView> files = client().list(scope);
        print(context, files, table(files, scope != Scope.OWNED));
    }

    @Command(
            name = "upload",
            group = FILES,
            description = "Upload a local file",
            help = "Uses tus: an interrupted upload continues where the server stopped, on the next run or at once"
                    + " on another server when the first stops answering. The stored file's SHA-256 is checked"
                    + " against the local file's.")
    public void upload(
            CommandContext context,
            @Argument(index = 0, description = "PATH: the local file") String path,
            @Option(longName = "name", description = "NAME: the name on the server (default: the file's name)")
                    String name,
            @Option(longName = "overwrite", description = "replace your file of the same name") boolean overwrite) {
        Path local = localPath(path);
        if (!Files.exists(local)) {
            throw new LocalFileProblem("no such file: " + path, true);
        }
        if (Files.isDirectory(local)) {
            throw new LocalFileProblem(path + " is a directory", false);
        }
        String target = name == null || name.isEmpty() ? local.getFileName().toString() : name;
        requireSession();
        try (TransferProgress display = TransferProgress.of(progress, "upload " + target, messages)) {
            FileView file = uploadTo(local, target, overwrite, display);
            print(
                    context,
                    file,
                    "uploaded " + file.name() + " (" + file.size() + " bytes, sha256 " + file.sha256() + ", id "
                            + file.fileId() + ")");
        }
    }

    @Command(
            name = "download",
            group = FILES,
            description = "Download a file",
            help = "The bytes go to PATH.<sha256-prefix>.part first: an interrupted download continues from there"
                    + " (Range request), also on another server; the SHA-256 is verified before the file is moved"
                    + " into place.")
    public void download(
            CommandContext context,
            @Argument(index = 0, description = "FILE: a file name or id") String file,
            @Option(longName = "to", description = "PATH: where to save it, a file or a directory (default: ./NAME)")
                    String to,
            @Option(longName = "overwrite", description = "replace an existing local file") boolean overwrite) {
        requireSession();
        FileView remote = resolve(file);
        Path target = to == null || to.isEmpty() ? localPath(remote.name()) : localPath(to);
        try (TransferProgress display = TransferProgress.of(progress, "download " + remote.name(), messages)) {
            Downloaded downloaded = client().download(remote, target, overwrite, display);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("file", downloaded.file());
            result.put("path", downloaded.path().toString());
            result.put("resumedFrom", downloaded.resumedFrom());
            result.put("sha256Verified", downloaded.file().sha256() != null);
            print(
                    context,
                    result,
                    "downloaded " + remote.name() + " to " + downloaded.path() + " (" + remote.size()
                            + " bytes, sha256 " + (remote.sha256() == null ? "not given" : "verified")
                            + (downloaded.resumedFrom() > 0 ? ", resumed at byte " + downloaded.resumedFrom() : "")
                            + ")");
        }
    }

    @Command(name = "info", group = FILES, description = "Show a file's metadata and, for your files, its shares")
    public void info(
            CommandContext context, @Argument(index = 0, description = "FILE: a file name or id") String file) {
        requireSession();
        FileView found = client().info(resolve(file).fileId());
        StringBuilder text = new StringBuilder();
        text.append("name:     ").append(found.name()).append('\n');
        text.append("id:       ").append(found.fileId()).append('\n');
        text.append("size:     ")
                .append(found.size())
                .append(" bytes (")
                .append(ByteUnits.size(found.size()))
                .append(")\n");
        text.append("sha256:   ").append(found.sha256()).append('\n');
        if (found.contentType() != null) {
            text.append("type:     ").append(found.contentType()).append('\n');
        }
        if (found.createdAt() != null) {
            text.append("created:  ").append(found.createdAt()).append('\n');
        }
        if (found.owner() != null) {
            text.append("owner:    ").append(found.owner()).append('\n');
        }
        if (!found.shares().isEmpty()) {
            text.append("shared with:\n");
            for (ShareView share : found.shares()) {
                text.append("  ").append(share.username()).append(" (").append(share.permission());
                if (share.expiresAt() != null) {
                    text.append(", until ").append(share.expiresAt());
                }
                text.append(")\n");
            }
        }
        print(context, found, text.toString().stripTrailing());
    }

    @Command(name = "share", group = FILES, description = "Let another user read one of your files")
    public void share(
            CommandContext context,
            @Argument(index = 0, description = "FILE: a file name or id") String file,
            @Argument(index = 1, description = "USER: who may read it") String user,
            @Option(
                            longName = "expires",
                            description = "WHEN: an instant (2026-12-31T23:00:00Z) or a duration (7d, 12h, 30m)")
                    String expires) {
        Instant expiresAt = expires == null || expires.isEmpty() ? null : Expiry.parse(expires, clock.instant());
        requireSession();
        FileView found = resolve(file);
        ShareView share = client().share(found.fileId(), user, expiresAt);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("fileId", found.fileId());
        result.put("name", found.name());
        result.put("share", share);
        print(
                context,
                result,
                "shared " + found.name() + " with " + share.username() + " (" + share.permission()
                        + (share.expiresAt() == null ? "" : ", until " + share.expiresAt()) + ")");
    }

    @Command(name = "unshare", group = FILES, description = "Stop sharing one of your files with a user")
    public void unshare(
            CommandContext context,
            @Argument(index = 0, description = "FILE: a file name or id") String file,
            @Argument(index = 1, description = "USER: who may no longer read it") String user) {
        requireSession();
        FileView found = resolve(file);
        client().unshare(found.fileId(), user);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("fileId", found.fileId());
        result.put("name", found.name());
        result.put("username", user);
        result.put("shared", false);
        print(context, result, "stopped sharing " + found.name() + " with " + user);
    }

    @Command(
            name = "events",
            group = FILES,
            description = "Print, as they happen, the events that concern you: files shared with you, unshared,"
                    + " deleted, and your sessions ending")
    public void events(
            CommandContext context,
            @Option(longName = "from", description = "ID: first replay the events after this event id") String from,
            @Option(longName = "count", description = "N: stop after N events (default: until interrupted)")
                    String count) {
        Long afterId = from == null || from.isEmpty() ? null : positiveNumber("--from", from);
        long limit = count == null || count.isEmpty() ? Long.MAX_VALUE : positiveNumber("--count", count);
        requireSession();
        PrintWriter out = context.outputWriter();
        long[] printed = {0};
        client().followEvents(afterId, event -> {
            out.println(json(context) ? event.data().toString() : describe(event));
            out.flush();
            return ++printed[0] < limit;
        });
    }

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
        String what = switch (event.type()) {
            case "file_shared" ->
                data.path("owner").asString() + " shared "
                        + data.path("fileName").asString() + " with you"
                        + (data.path("expiresAt").isMissingNode()
                                ? ""
                                : " until " + data.path("expiresAt").asString());
            case "file_unshared" ->
                data.path("owner").asString() + " stopped sharing "
                        + data.path("fileName").asString() + " with you";
            case "file_deleted" ->
                data.path("owner").asString() + " deleted "
                        + data.path("fileName").asString();
            case "session_closed" ->
                "your session " + data.path("sessionId").asString() + " ended ("
                        + data.path("reason").asString() + ")";
            case "resync" -> "some events were missed; list your files again";
            default -> data.toString();
        };
        return (event.id() >= 0 ? event.id() + " " : "") + event.type() + ": " + what;
    }

    @Command(name = "rm", group = FILES, description = "Delete one of your files (and its shares)")
    public void rm(CommandContext context, @Argument(index = 0, description = "FILE: a file name or id") String file) {
        requireSession();
        FileView found = resolve(file);
        client().delete(found.fileId());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("fileId", found.fileId());
        result.put("name", found.name());
        result.put("deleted", true);
        print(context, result, "deleted " + found.name());
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private FileView uploadTo(Path local, String target, boolean overwrite, TransferProgress display) {
        try {
            return client().upload(local, target, overwrite, display);
        } catch (RequestRefused e) {
            if (e.code().equals("NAME_TAKEN")) {
                throw new CliFailure(
                        ExitCode.CONFLICT,
                        e.code(),
                        "you already have a file named " + target + " (use --overwrite to replace it)");
            }
            throw e;
        }
    }

    /** The logged-in user's name for the prompt, or {@code null}. */
    public String promptUser() {
        return client == null ? null : client.state().username();
    }

    private FilesysClient client() {
        if (client == null) {
            client = clients.get();
        }
        return client;
    }

    private void requireSession() {
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

    private static Path localPath(String path) {
        try {
            return Path.of(path);
        } catch (InvalidPathException e) {
            throw CliFailure.usage("not a valid path: " + path);
        }
    }

    private boolean json(CommandContext context) {
        CommandOption option = context.getOptionByLongName(CommandLineParser.JSON);
        return json || (option != null && "true".equals(option.value()));
    }

    private void print(CommandContext context, Object result, String text) {
        PrintWriter out = context.outputWriter();
        out.println(json(context) ? mapper.writeValueAsString(result) : text);
        out.flush();
    }

    static String table(List<FileView> files, boolean withOwner) {
        if (files.isEmpty()) {
            return "no files";
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(
                withOwner
                        ? new String[] {"NAME", "SIZE", "CREATED", "OWNER", "ID"}
                        : new String[] {"NAME", "SIZE", "CREATED", "ID"});
        for (FileView file : files) {
            String created = file.createdAt() == null ? "-" : WHEN.format(file.createdAt());
            String size = ByteUnits.size(file.size());
            rows.add(
                    withOwner
                            ? new String[] {
                                file.name(), size, created, file.owner() == null ? "-" : file.owner(), file.fileId()
                            }
                            : new String[] {file.name(), size, created, file.fileId()});
        }
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder text = new StringBuilder();
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                text.append(row[i]);
                if (i < row.length - 1) {
                    text.append(" ".repeat(widths[i] - row[i].length() + 2));
                }
            }
            text.append('\n');
        }
        return text.toString().stripTrailing();
    }
}
