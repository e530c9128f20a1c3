package dev.filesys.cli.commands;

import dev.filesys.cli.client.Connection;
import dev.filesys.cli.client.Downloaded;
import dev.filesys.cli.client.FileView;
import dev.filesys.cli.client.FilesysClient;
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
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.ToIntFunction;
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

    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm'Z'").withZone(ZoneOffset.UTC);
    private static final String STDIO = "-";
    private static final Set<String> COMMANDS = Set.of(
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
            "link",
            "rm",
            "versions",
            "restore",
            "trash",
            "events",
            "passwd",
            "sessions",
            "admin",
            "completion");

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

    /** The names of the commands (without {@code help}). */
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
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("serverId", connection.serverId());
        result.put("serverUrl", connection.serverUrl());
        result.put("resumed", connection.resumed());
        result.put("username", current.username());
        print(
                result,
                "connected to " + connection.serverId() + " (" + connection.serverUrl() + ")"
                        + (current.username() == null ? "" : ", logged in as " + current.username()));
    }

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
        char[] password =
                invocation().passwords().read(passwordStdin, true, invocation().prompt());
        try {
            UserView user = client().register(username, password);
            print(user, "registered " + user.username() + " and logged in (user id " + user.userId() + ")");
        } finally {
            Arrays.fill(password, '\0');
        }
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
        char[] password =
                invocation().passwords().read(passwordStdin, false, invocation().prompt());
        try {
            UserView user = client().login(username, password);
            print(user, "logged in as " + user.username());
        } finally {
            Arrays.fill(password, '\0');
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
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("userId", me.userId());
        result.put("username", me.username());
        result.put("serverId", current.serverId());
        result.put("serverUrl", current.serverUrl());
        print(
                result,
                me.username() + " (user id " + me.userId() + ") on " + current.serverId() + " (" + current.serverUrl()
                        + ")");
    }

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
        char[] current = passwords.read(
                passwordStdin,
                Passwords.ENVIRONMENT_VARIABLE,
                "Current password: ",
                false,
                invocation().prompt());
        char[] chosen = null;
        try {
            chosen = passwords.read(
                    passwordStdin,
                    Passwords.NEW_ENVIRONMENT_VARIABLE,
                    "New password: ",
                    true,
                    invocation().prompt());
            client().changePassword(current, chosen);
            print(Map.of("changed", true), "password changed; your other sessions have ended");
        } finally {
            Arrays.fill(current, '\0');
            if (chosen != null) {
                Arrays.fill(chosen, '\0');
            }
        }
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
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ID", "SERVER", "STARTED", "LAST USED", ""});
        for (JsonNode session : sessions.path("items")) {
            rows.add(new String[] {
                session.path("sessionId").asString(),
                Shown.text(session.path("serverId").asString()),
                WHEN.format(Instant.parse(session.path("startedAt").asString())),
                WHEN.format(Instant.parse(session.path("lastUsedAt").asString())),
                session.path("current").asBoolean() ? "(this one)" : ""
            });
        }
        print(sessions, TextTable.of(rows));
    }

    // ---- files ---------------------------------------------------------------------------------------------------

    @Command(name = "ls", description = "List your files, the files shared with you, or both.")
    public void ls(
            @Option(
                            names = {"-s", "--shared"},
                            description = "list the files others shared with you")
                    boolean shared,
            @Option(
                            names = {"-a", "--all"},
                            description = "list your files and those shared with you")
                    boolean all) {
        if (shared && all) {
            throw CliFailure.usage("give --shared or --all, not both");
        }
        requireSession();
        Scope scope = all ? Scope.ALL : shared ? Scope.SHARED : Scope.OWNED;
        List<FileView> files = client().list(scope);
        print(files, table(files, scope != Scope.OWNED));
    }

    @Command(
            name = "upload",
            description = {
                "Upload local files.",
                "Uses tus: an interrupted upload continues where the server stopped, on the next run or at once"
                        + " on another server when the first stops answering. The stored file's SHA-256 is checked"
                        + " against the local file's."
            })
    public void upload(
            @Parameters(
                            paramLabel = "PATH",
                            arity = "1..*",
                            description = "local files; - reads standard input (then --name is needed)")
                    List<String> paths,
            @Option(
                            names = {"-n", "--name"},
                            paramLabel = "NAME",
                            description = "the name on the server, for one PATH (default: the file's name)")
                    String name,
            @Option(
                            names = {"-f", "--force", "--overwrite"},
                            description = "replace your file of the same name")
                    boolean overwrite) {
        if (paths.size() > 1 && name != null) {
            throw CliFailure.usage("--name names one file; give one PATH with it");
        }
        if (paths.contains(STDIO) && (name == null || name.isBlank())) {
            throw CliFailure.usage("uploading standard input (-) needs --name NAME");
        }
        if (paths.stream().filter(STDIO::equals).count() > 1) {
            throw CliFailure.usage("standard input (-) can be uploaded once");
        }
        List<Path> locals = new ArrayList<>();
        for (String path : paths) {
            locals.add(path.equals(STDIO) ? null : existingFile(path));
        }
        requireSession();
        List<FileView> uploaded = new ArrayList<>();
        for (Path local : locals) {
            uploaded.add(local == null ? uploadStandardInput(name, overwrite) : uploadOne(local, name, overwrite));
        }
        if (uploaded.size() == 1) {
            print(uploaded.get(0), uploadedLine(uploaded.get(0)));
        } else {
            List<String> lines = new ArrayList<>(
                    uploaded.stream().map(FilesysCommands::uploadedLine).toList());
            long total = uploaded.stream().mapToLong(FileView::size).sum();
            lines.add("uploaded " + uploaded.size() + " files, " + total + " bytes (" + ByteUnits.size(total) + ")");
            print(uploaded, String.join("\n", lines));
        }
    }

    @Command(
            name = "download",
            description = {
                "Download files.",
                "The bytes go to PATH.<sha256-prefix>.part first: an interrupted download continues from there"
                        + " (Range request), also on another server; the SHA-256 is verified before the file is moved"
                        + " into place."
            })
    public void download(
            @Parameters(paramLabel = "FILE", arity = "1..*", description = "file names or ids") List<String> files,
            @Option(
                            names = {"-o", "--to"},
                            paramLabel = "PATH",
                            description = "where to save: a file, a directory (DIR/ is created when missing), or -"
                                    + " for standard output (default: ./NAME)")
                    String to,
            @Option(
                            names = {"-f", "--force", "--overwrite"},
                            description = "replace an existing local file")
                    boolean overwrite) {
        boolean toStdout = STDIO.equals(to);
        if (toStdout && files.size() > 1) {
            throw CliFailure.usage("standard output (-) takes one FILE");
        }
        Path directory = toStdout || to == null || to.isEmpty() ? null : directory(to, files.size() > 1);
        requireSession();
        List<FileView> remotes = new ArrayList<>();
        for (String file : files) {
            remotes.add(resolve(file));
        }
        if (directory != null) {
            createDirectory(to, directory);
        }
        if (toStdout) {
            downloadToStandardOutput(remotes.get(0));
            return;
        }
        List<Map<String, Object>> results = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        long total = 0;
        for (FileView remote : remotes) {
            Path target = directory != null
                    ? directory
                    : to == null || to.isEmpty() ? localPath(remote.name()) : localPath(to);
            Downloaded downloaded = downloadOne(remote, target, overwrite);
            results.add(downloadResult(downloaded));
            lines.add(downloadedLine(remote, downloaded));
            total += remote.size();
        }
        if (results.size() == 1) {
            print(results.get(0), lines.get(0));
        } else {
            lines.add("downloaded " + results.size() + " files, " + total + " bytes (" + ByteUnits.size(total) + ")");
            print(results, String.join("\n", lines));
        }
    }

    @Command(name = "info", description = "Show a file's metadata and, for your files, its shares.")
    public void info(@Parameters(paramLabel = "FILE", description = "a file name or id") String file) {
        requireSession();
        FileView found = client().info(resolve(file).fileId());
        StringBuilder text = new StringBuilder();
        text.append("name:     ").append(Shown.text(found.name())).append('\n');
        text.append("id:       ").append(found.fileId()).append('\n');
        text.append("size:     ")
                .append(found.size())
                .append(" bytes (")
                .append(ByteUnits.size(found.size()))
                .append(")\n");
        text.append("sha256:   ").append(found.sha256()).append('\n');
        if (found.contentType() != null) {
            text.append("type:     ").append(Shown.text(found.contentType())).append('\n');
        }
        if (found.createdAt() != null) {
            text.append("created:  ").append(found.createdAt()).append('\n');
        }
        if (found.owner() != null) {
            text.append("owner:    ").append(Shown.text(found.owner())).append('\n');
        }
        if (!found.shares().isEmpty()) {
            text.append("shared with:\n");
            for (ShareView share : found.shares()) {
                text.append("  ")
                        .append(Shown.text(share.username()))
                        .append(" (")
                        .append(share.permission());
                if (share.expiresAt() != null) {
                    text.append(", until ").append(share.expiresAt());
                }
                text.append(")\n");
            }
        }
        print(found, text.toString().stripTrailing());
    }

    @Command(name = "share", description = "Let another user read one of your files.")
    public void share(
            @Parameters(index = "0", paramLabel = "FILE", description = "a file name or id") String file,
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
        FileView found = resolve(file);
        ShareView share = client().share(found.fileId(), user, expiresAt);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("fileId", found.fileId());
        result.put("name", found.name());
        result.put("share", share);
        print(
                result,
                "shared " + Shown.text(found.name()) + " with " + Shown.text(share.username()) + " ("
                        + share.permission() + (share.expiresAt() == null ? "" : ", until " + share.expiresAt()) + ")");
    }

    @Command(name = "unshare", description = "Stop sharing one of your files with a user.")
    public void unshare(
            @Parameters(index = "0", paramLabel = "FILE", description = "a file name or id") String file,
            @Parameters(index = "1", paramLabel = "USER", description = "who may no longer read it") String user) {
        requireSession();
        FileView found = resolve(file);
        client().unshare(found.fileId(), user);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("fileId", found.fileId());
        result.put("name", found.name());
        result.put("username", user);
        result.put("shared", false);
        print(result, "stopped sharing " + Shown.text(found.name()) + " with " + Shown.text(user));
    }

    @Command(
            name = "link",
            description = {
                "Public links: anyone with the link reads the file, without an account.",
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
                            description = "create: a file name or id; rm, log: a link id")
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
                StringBuilder text = new StringBuilder(downloads.isEmpty() ? "no downloads" : "");
                for (LinkDownload download : downloads) {
                    text.append(WHEN.format(download.downloadedAt()))
                            .append("  ")
                            .append(Shown.text(download.clientAddress()))
                            .append("  ")
                            .append(download.bytes())
                            .append(" bytes  ")
                            .append(Shown.text(download.fileName()))
                            .append('\n');
                }
                print(downloads, text.toString().stripTrailing());
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
        try {
            requireSession();
            FileView found = resolve(file);
            LinkView link = client().createLink(found.fileId(), expiresAt, password, maxDownloads, label);
            print(
                    link,
                    link.url() + "\n" + "link " + link.linkId() + " to " + Shown.text(found.name()) + ", until "
                            + link.expiresAt()
                            + (link.maxDownloads() == null ? "" : ", " + link.maxDownloads() + " downloads")
                            + (link.passwordProtected() ? ", with a password" : ""));
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
    }

    static String linkTable(List<LinkView> links) {
        if (links.isEmpty()) {
            return "no links";
        }
        StringBuilder text = new StringBuilder();
        for (LinkView link : links) {
            text.append(link.linkId())
                    .append("  ")
                    .append(link.state())
                    .append("  ")
                    .append(link.fileId() != null ? "file " + link.fileId() : "folder " + link.folderId())
                    .append("  until ")
                    .append(WHEN.format(link.expiresAt()))
                    .append("  ")
                    .append(link.downloads())
                    .append(link.maxDownloads() == null ? "" : "/" + link.maxDownloads())
                    .append(" downloads")
                    .append(link.passwordProtected() ? "  password" : "")
                    .append(link.label() == null || link.label().isEmpty() ? "" : "  " + Shown.text(link.label()))
                    .append('\n');
        }
        return text.toString().stripTrailing();
    }

    @Command(name = "rm", description = "Delete one of your files (to the trash: see trash).")
    public void rm(@Parameters(paramLabel = "FILE", description = "a file name or id") String file) {
        requireSession();
        FileView found = resolve(file);
        client().delete(found.fileId());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("fileId", found.fileId());
        result.put("name", found.name());
        result.put("deleted", true);
        print(result, "deleted " + Shown.text(found.name()));
    }

    @Command(name = "versions", description = "List a file's earlier contents, newest first.")
    public void versions(@Parameters(paramLabel = "FILE", description = "a file name or id") String file) {
        requireSession();
        FileView found = resolve(file);
        List<VersionView> versions = client().versions(found.fileId());
        StringBuilder text = new StringBuilder();
        for (VersionView version : versions) {
            text.append(version.versionId())
                    .append("  ")
                    .append(String.format("%10s", ByteUnits.size(version.size())))
                    .append("  replaced ")
                    .append(version.replacedAt())
                    .append(version.createdBy() == null ? "" : "  by " + Shown.text(version.createdBy()))
                    .append('\n');
        }
        print(
                versions,
                versions.isEmpty()
                        ? Shown.text(found.name()) + " has no earlier contents"
                        : text.toString().stripTrailing());
    }

    @Command(
            name = "restore",
            description = "Make an earlier content of one of your files its content again (see versions); the"
                    + " content it replaces is kept as a version.")
    public void restore(
            @Parameters(index = "0", paramLabel = "FILE", description = "a file name or id") String file,
            @Parameters(index = "1", paramLabel = "VERSION", description = "a version id, as versions lists it")
                    String version) {
        requireSession();
        FileView found = resolve(file);
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
        Map<String, Object> result = new LinkedHashMap<>();
        switch (verb) {
            case "restore" -> {
                TrashRestored restored = client().restoreFromTrash(item);
                print(restored, "restored " + restored.kind() + " " + Shown.text(restored.name()));
            }
            case "rm" -> {
                client().purge(item);
                result.put("item", item);
                result.put("purged", true);
                print(result, "deleted " + Shown.text(item) + " for good");
            }
            case "empty" -> {
                client().emptyTrash();
                result.put("emptied", true);
                print(result, "emptied the trash");
            }
            default -> {
                List<TrashItem> items = client().trash();
                StringBuilder text = new StringBuilder();
                for (TrashItem trashed : items) {
                    text.append(trashed.id())
                            .append("  ")
                            .append(String.format("%-6s", trashed.kind()))
                            .append(String.format("%10s", ByteUnits.size(trashed.size())))
                            .append("  ")
                            .append(trashed.trashedAt())
                            .append("  ")
                            .append(Shown.text(trashed.originalPath()))
                            .append('\n');
                }
                print(
                        items,
                        items.isEmpty() ? "the trash is empty" : text.toString().stripTrailing());
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
        String what = switch (event.type()) {
            case "file_shared" ->
                Shown.text(data.path("owner").asString()) + " shared "
                        + Shown.text(data.path("fileName").asString()) + " with you"
                        + (data.path("expiresAt").isMissingNode()
                                ? ""
                                : " until " + Shown.text(data.path("expiresAt").asString()));
            case "file_unshared" ->
                Shown.text(data.path("owner").asString()) + " stopped sharing "
                        + Shown.text(data.path("fileName").asString()) + " with you";
            case "file_deleted" ->
                Shown.text(data.path("owner").asString()) + " deleted "
                        + Shown.text(data.path("fileName").asString());
            case "item_trashed" ->
                Shown.text(data.path("owner").asString()) + " moved the "
                        + Shown.text(data.path("kind").asString()) + " "
                        + Shown.text(data.path("name").asString()) + " to the trash";
            case "item_restored" ->
                Shown.text(data.path("owner").asString()) + " restored the "
                        + Shown.text(data.path("kind").asString()) + " "
                        + Shown.text(data.path("name").asString()) + " from the trash";
            case "session_closed" ->
                "your session " + data.path("sessionId").asString() + " ended ("
                        + Shown.text(data.path("reason").asString()) + ")";
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

    private FileView uploadOne(Path local, String name, boolean overwrite) {
        String target = name == null || name.isEmpty() ? local.getFileName().toString() : name;
        try (TransferProgress display = TransferProgress.of(
                invocation().progress(), "upload " + target, invocation().messages())) {
            return client().upload(local, target, overwrite, display);
        } catch (RequestRefused e) {
            if (e.code().equals("NAME_TAKEN")) {
                throw new CliFailure(
                        ExitCode.CONFLICT,
                        e.code(),
                        "you already have a file named " + target + " (use --force to replace it)");
            }
            throw e;
        }
    }

    /**
     * Standard input is read to a private temporary file first: tus needs the length up front, and the SHA-256 is
     * checked against the bytes that were read.
     */
    private FileView uploadStandardInput(String name, boolean overwrite) {
        Path buffer = null;
        try {
            buffer = Files.createTempFile("filesys-stdin-", ".upload");
            try (InputStream in = invocation().in()) {
                Files.copy(in, buffer, StandardCopyOption.REPLACE_EXISTING);
            }
            return uploadOne(buffer, name, overwrite);
        } catch (IOException e) {
            throw new LocalFileProblem("cannot read standard input: " + e.getMessage(), false);
        } finally {
            deleteQuietly(buffer);
        }
    }

    private Downloaded downloadOne(FileView remote, Path target, boolean overwrite) {
        try (TransferProgress display = TransferProgress.of(
                invocation().progress(),
                "download " + Shown.text(remote.name()),
                invocation().messages())) {
            return client().download(remote, target, overwrite, display);
        }
    }

    /** Downloads into a private temporary directory, and only verified bytes are copied to standard output. */
    private void downloadToStandardOutput(FileView remote) {
        Path directory = null;
        Downloaded downloaded = null;
        try {
            directory = Files.createTempDirectory("filesys-download-");
            downloaded = downloadOne(remote, directory, false);
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
        Map<String, Object> result = downloadResult(downloaded);
        result.put("path", STDIO);
        invocation()
                .messages()
                .println(
                        jsonRequested()
                                ? jsonMapper().writeValueAsString(result)
                                : "downloaded " + Shown.text(remote.name()) + " to standard output (" + remote.size()
                                        + " bytes, sha256 " + (remote.sha256() == null ? "not given" : "verified")
                                        + ")");
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

    private static Map<String, Object> downloadResult(Downloaded downloaded) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("file", downloaded.file());
        result.put("path", downloaded.path().toString());
        result.put("resumedFrom", downloaded.resumedFrom());
        result.put("sha256Verified", downloaded.file().sha256() != null);
        return result;
    }

    private static String downloadedLine(FileView remote, Downloaded downloaded) {
        return "downloaded " + Shown.text(remote.name()) + " to " + downloaded.path() + " (" + remote.size()
                + " bytes, sha256 "
                + (remote.sha256() == null ? "not given" : "verified")
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
     * The names of the files the user owns or has been shared, for completion in the shell; none when there is no
     * session or the server cannot say (completion must not fail or print).
     */
    public List<String> remoteNames() {
        try {
            if (!client().state().hasSession()) {
                return List.of();
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

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Made on first use: commands that print no JSON never load Jackson's serialisers. */
    private JsonMapper jsonMapper() {
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
                                Shown.text(file.name()), size, created, Shown.text(file.owner()), file.fileId()
                            }
                            : new String[] {Shown.text(file.name()), size, created, file.fileId()});
        }
        return TextTable.of(rows);
    }
}
