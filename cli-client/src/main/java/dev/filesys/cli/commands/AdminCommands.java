package dev.filesys.cli.commands;

import dev.filesys.cli.client.FilesysClient;
import dev.filesys.cli.progress.ByteUnits;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/**
 * {@code filesys admin …}: the admin API for a logged-in admin. To anyone else the server answers every one of these
 * with {@code NOT_FOUND}, as if the API did not exist.
 */
@Command(
        name = "admin",
        synopsisSubcommandLabel = "COMMAND",
        description = {
            "Administer users (for admins): users, usage, disable, enable, delete, reset-password, quota, audit;",
            "check the blob store: integrity, fsck.",
            "To anyone but a logged-in admin the server answers NOT_FOUND."
        })
public final class AdminCommands {

    private static final int PAGE = 200;

    private final FilesysCommands commands;

    AdminCommands(FilesysCommands commands) {
        this.commands = commands;
    }

    @Command(name = "users", description = "List users: name, role, state, files, bytes used, quota, last login.")
    public void users(
            @Option(names = "--search", paramLabel = "PREFIX", description = "only names starting with PREFIX")
                    String prefix) {
        List<JsonNode> users = allUsers(prefix);
        String[] header = {"NAME", "ROLE", "STATE", "FILES", "USED", "QUOTA", "LAST LOGIN"};
        commands.print(
                Map.of("items", users),
                users.isEmpty()
                        ? "no users"
                        : TextTable.of(header, users, user -> new String[] {
                            Shown.text(user.path("username").asString()),
                            user.path("role").asString(),
                            state(user),
                            Long.toString(user.path("usage").path("files").asLong()),
                            ByteUnits.size(
                                    user.path("usage").path("chargedBytes").asLong()),
                            quota(user),
                            when(user.path("lastLoginAt"))
                        }));
    }

    @Command(
            name = "usage",
            description = "Show what users store: files, bytes, the trash, earlier versions, the quota."
                    + " Without USER: every user, biggest first.")
    public void usage(@Parameters(paramLabel = "USER", arity = "0..1", description = "one user") String username) {
        List<JsonNode> users =
                username == null ? new ArrayList<>(allUsers(null)) : List.of(client().adminUser(username));
        if (username == null) {
            users.sort((a, b) -> Long.compare(
                    b.path("usage").path("chargedBytes").asLong(),
                    a.path("usage").path("chargedBytes").asLong()));
        }
        String[] header = {"NAME", "FILES", "BYTES", "TRASH", "VERSIONS", "CHARGED", "QUOTA"};
        commands.print(username == null ? Map.of("items", users) : users.get(0), TextTable.of(header, users, user -> {
            JsonNode usage = user.path("usage");
            return new String[] {
                Shown.text(user.path("username").asString()),
                Long.toString(usage.path("files").asLong()),
                ByteUnits.size(usage.path("bytes").asLong()),
                usage.path("trashedFiles").asLong() + " ("
                        + ByteUnits.size(usage.path("trashedBytes").asLong()) + ")",
                usage.path("versions").asLong() + " ("
                        + ByteUnits.size(usage.path("versionBytes").asLong()) + ")",
                ByteUnits.size(usage.path("chargedBytes").asLong()),
                quota(user)
            };
        }));
    }

    @Command(name = "disable", description = "Disable a user: they cannot log in, and every session of theirs ends.")
    public void disable(@Parameters(paramLabel = "USER") String username) {
        JsonNode user = client().adminDisable(username);
        commands.print(user, "disabled " + Shown.text(user.path("username").asString()));
    }

    @Command(name = "enable", description = "Enable a disabled user.")
    public void enable(@Parameters(paramLabel = "USER") String username) {
        JsonNode user = client().adminEnable(username);
        commands.print(user, "enabled " + Shown.text(user.path("username").asString()));
    }

    @Command(
            name = "delete",
            description = "Delete a user and everything they own (files, shares, sessions). Needs --yes.")
    public void delete(
            @Parameters(paramLabel = "USER") String username,
            @Option(names = "--yes", description = "yes, delete the user and their files") boolean yes) {
        if (!yes) {
            throw CliFailure.usage("admin delete removes " + username + " and all their files: add --yes to go on");
        }
        client().adminDelete(username);
        commands.print(
                FilesysCommands.fields("username", username, "deleted", true), "deleted " + Shown.text(username));
    }

    @Command(
            name = "reset-password",
            description = {
                "Give a user a random temporary password, printed once; their sessions end.",
                "They log in with it and must change it (filesys passwd) before anything else."
            })
    public void resetPassword(@Parameters(paramLabel = "USER") String username) {
        JsonNode reset = client().adminResetPassword(username);
        commands.print(
                reset,
                "temporary password for " + Shown.text(reset.path("username").asString()) + ": "
                        + reset.path("temporaryPassword").asString()
                        + "\n(shown once; they must change it at their next login)");
    }

    @Command(
            name = "quota",
            description = {
                "Set a user's storage quota: SIZE such as 500MB, 2GiB, 1000000 (bytes), or 'default'.",
                "A quota below their usage is allowed: their uploads are refused until they are under it."
            })
    public void quota(@Parameters(paramLabel = "USER") String username, @Parameters(paramLabel = "SIZE") String size) {
        Long bytes = "default".equalsIgnoreCase(size) ? null : parseSize(size);
        JsonNode user = client().adminQuota(username, bytes);
        commands.print(user, Shown.text(user.path("username").asString()) + "'s quota is now " + quota(user));
    }

    @Command(name = "audit", description = "Show the audit log of admin actions, newest first.")
    public void audit(
            @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "at most N entries (50)")
                    int limit) {
        if (limit < 1) {
            throw CliFailure.usage("--limit takes a positive whole number");
        }
        FilesysClient client = client();
        List<JsonNode> entries = new ArrayList<>();
        Long before = null;
        do {
            JsonNode page = client.adminAudit(before, Math.min(PAGE, limit - entries.size()));
            page.path("items").forEach(entries::add);
            before = absent(page.path("next")) ? null : page.path("next").asLong();
        } while (before != null && entries.size() < limit);
        String[] header = {"WHEN", "ADMIN", "ACTION", "USER", "DETAIL", "FROM"};
        commands.print(
                Map.of("items", entries),
                entries.isEmpty()
                        ? "no entries"
                        : TextTable.of(header, entries, entry -> new String[] {
                            when(entry.path("at")),
                            Shown.text(entry.path("admin").asString()),
                            entry.path("action").asString(),
                            entry.path("target").isNull()
                                    ? "-"
                                    : Shown.text(entry.path("target").asString()),
                            entry.path("detail").isEmpty()
                                    ? "-"
                                    : Shown.text(entry.path("detail").toString()),
                            Shown.text(entry.path("clientAddress").asString())
                        }));
    }

    @Command(
            name = "integrity",
            description = "Show the blobs the scrubber or fsck found damaged or missing, and whose files they are.")
    public void integrity() {
        JsonNode findings = client().adminIntegrity();
        String[] header = {"FOUND", "BLOB", "KIND", "STATE", "FILES", "BY"};
        commands.print(
                Map.of("items", findings),
                findings.isEmpty()
                        ? "no findings"
                        : TextTable.of(header, findings, finding -> {
                            List<String> files = new ArrayList<>();
                            finding.path("files")
                                    .forEach(file -> files.add(Shown.text(
                                                    file.path("owner").asString()) + ":"
                                            + Shown.text(file.path("name").asString())));
                            return new String[] {
                                when(finding.path("foundAt")),
                                finding.path("sha256").asString().substring(0, 12),
                                finding.path("kind").asString(),
                                finding.path("state").asString(),
                                files.isEmpty() ? "-" : String.join(", ", files),
                                Shown.text(finding.path("foundBy").asString())
                            };
                        }));
    }

    @Command(
            name = "fsck",
            description = {
                "Check the blob store against the database (on the server the session is on).",
                "Exit code 1 when something is left to fix."
            })
    public int fsck(
            @Option(names = "--fix", description = "fix what is safe to fix (never deletes a file's row)") boolean fix,
            @Option(names = "--checksums", description = "read every blob and check its checksums (slow)")
                    boolean checksums) {
        JsonNode report = client().adminFsck(fix, checksums);
        StringBuilder text = new StringBuilder(report.path("blobRows").asLong() + " blob rows, "
                + report.path("storedBlobs").asLong() + " stored blobs");
        for (JsonNode problem : report.path("problems")) {
            text.append("\n" + problem.path("kind").asString() + " "
                    + problem.path("sha256").asString() + ": "
                    + Shown.text(problem.path("detail").asString())
                    + (problem.path("fixed").asBoolean() ? " — fixed: " : " — ")
                    + Shown.text(problem.path("action").asString()));
        }
        text.append('\n').append(report.path("clean").asBoolean() ? "clean" : "problems left to fix");
        commands.print(report, text.toString());
        return report.path("clean").asBoolean() ? 0 : 1;
    }

    /** The client, for a command that needs the session (every admin command does). */
    private FilesysClient client() {
        commands.requireSession();
        return commands.client();
    }

    private List<JsonNode> allUsers(String prefix) {
        FilesysClient client = client();
        List<JsonNode> users = new ArrayList<>();
        String after = null;
        do {
            JsonNode page = client.adminUsers(prefix, after, PAGE);
            page.path("items").forEach(users::add);
            after = absent(page.path("next")) ? null : page.path("next").asString();
        } while (after != null);
        return users;
    }

    /** Whether a field is missing or {@code null}. */
    private static boolean absent(JsonNode value) {
        return value.isNull() || value.isMissingNode();
    }

    private static String state(JsonNode user) {
        if (!absent(user.path("disabledAt"))) {
            return "disabled";
        }
        return user.path("mustChangePassword").asBoolean() ? "must-change-password" : "active";
    }

    private static String quota(JsonNode user) {
        return ByteUnits.size(user.path("quotaBytes").asLong())
                + (user.path("defaultQuota").asBoolean() ? " (default)" : "");
    }

    private static String when(JsonNode time) {
        return absent(time) ? "-" : FilesysCommands.WHEN.format(Instant.parse(time.asString()));
    }

    /** {@code 500MB}, {@code 2GiB}, {@code 1.5 GB}, {@code 1000}: decimal and binary units, case-insensitive. */
    static long parseSize(String size) {
        String text = size.trim().toUpperCase(Locale.ROOT).replace(" ", "");
        int split = 0;
        while (split < text.length() && (Character.isDigit(text.charAt(split)) || text.charAt(split) == '.')) {
            split++;
        }
        String unit = text.substring(split);
        long factor = switch (unit) {
            case "", "B" -> 1L;
            case "KB", "K" -> 1_000L;
            case "MB", "M" -> 1_000_000L;
            case "GB", "G" -> 1_000_000_000L;
            case "TB", "T" -> 1_000_000_000_000L;
            case "KIB" -> 1L << 10;
            case "MIB" -> 1L << 20;
            case "GIB" -> 1L << 30;
            case "TIB" -> 1L << 40;
            default -> throw CliFailure.usage("SIZE: unknown unit '" + unit + "' (use B, KB, MB, GB, TB, KiB, … GiB)");
        };
        try {
            double number = Double.parseDouble(text.substring(0, split));
            if (number < 0 || number * factor > Long.MAX_VALUE) {
                throw new NumberFormatException();
            }
            return Math.round(number * factor);
        } catch (NumberFormatException e) {
            throw CliFailure.usage(
                    "SIZE is a number of bytes with an optional unit, such as 500MB, not '" + size + "'");
        }
    }
}
