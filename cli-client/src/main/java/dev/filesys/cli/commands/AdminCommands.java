package dev.filesys.cli.commands;

import dev.filesys.cli.progress.ByteUnits;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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

    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm'Z'").withZone(ZoneOffset.UTC);
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
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"NAME", "ROLE", "STATE", "FILES", "USED", "QUOTA", "LAST LOGIN"});
        for (JsonNode user : users) {
            rows.add(new String[] {
                Shown.text(user.path("username").asString()),
                user.path("role").asString(),
                state(user),
                Long.toString(user.path("usage").path("files").asLong()),
                ByteUnits.size(user.path("usage").path("chargedBytes").asLong()),
                quota(user),
                when(user.path("lastLoginAt"))
            });
        }
        commands.print(Map.of("items", users), users.isEmpty() ? "no users" : TextTable.of(rows));
    }

    @Command(
            name = "usage",
            description = "Show what users store: files, bytes, the trash, earlier versions, the quota."
                    + " Without USER: every user, biggest first.")
    public void usage(@Parameters(paramLabel = "USER", arity = "0..1", description = "one user") String username) {
        List<JsonNode> users = username == null ? new ArrayList<>(allUsers(null)) : List.of(user(username));
        if (username == null) {
            users.sort((a, b) -> Long.compare(
                    b.path("usage").path("chargedBytes").asLong(),
                    a.path("usage").path("chargedBytes").asLong()));
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"NAME", "FILES", "BYTES", "TRASH", "VERSIONS", "CHARGED", "QUOTA"});
        for (JsonNode user : users) {
            JsonNode usage = user.path("usage");
            rows.add(new String[] {
                Shown.text(user.path("username").asString()),
                Long.toString(usage.path("files").asLong()),
                ByteUnits.size(usage.path("bytes").asLong()),
                usage.path("trashedFiles").asLong() + " ("
                        + ByteUnits.size(usage.path("trashedBytes").asLong()) + ")",
                usage.path("versions").asLong() + " ("
                        + ByteUnits.size(usage.path("versionBytes").asLong()) + ")",
                ByteUnits.size(usage.path("chargedBytes").asLong()),
                quota(user)
            });
        }
        commands.print(username == null ? Map.of("items", users) : users.get(0), TextTable.of(rows));
    }

    @Command(name = "disable", description = "Disable a user: they cannot log in, and every session of theirs ends.")
    public void disable(@Parameters(paramLabel = "USER") String username) {
        commands.requireSession();
        JsonNode user = commands.client().adminDisable(username);
        commands.print(user, "disabled " + Shown.text(user.path("username").asString()));
    }

    @Command(name = "enable", description = "Enable a disabled user.")
    public void enable(@Parameters(paramLabel = "USER") String username) {
        commands.requireSession();
        JsonNode user = commands.client().adminEnable(username);
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
        commands.requireSession();
        commands.client().adminDelete(username);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("username", username);
        result.put("deleted", true);
        commands.print(result, "deleted " + Shown.text(username));
    }

    @Command(
            name = "reset-password",
            description = {
                "Give a user a random temporary password, printed once; their sessions end.",
                "They log in with it and must change it (filesys passwd) before anything else."
            })
    public void resetPassword(@Parameters(paramLabel = "USER") String username) {
        commands.requireSession();
        JsonNode reset = commands.client().adminResetPassword(username);
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
        commands.requireSession();
        JsonNode user = commands.client().adminQuota(username, bytes);
        commands.print(user, Shown.text(user.path("username").asString()) + "'s quota is now " + quota(user));
    }

    @Command(name = "audit", description = "Show the audit log of admin actions, newest first.")
    public void audit(
            @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "at most N entries (50)")
                    int limit) {
        if (limit < 1) {
            throw CliFailure.usage("--limit takes a positive whole number");
        }
        commands.requireSession();
        List<JsonNode> entries = new ArrayList<>();
        Long before = null;
        do {
            JsonNode page = commands.client().adminAudit(before, Math.min(PAGE, limit - entries.size()));
            page.path("items").forEach(entries::add);
            before = page.path("next").isNull() || page.path("next").isMissingNode()
                    ? null
                    : page.path("next").asLong();
        } while (before != null && entries.size() < limit);
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"WHEN", "ADMIN", "ACTION", "USER", "DETAIL", "FROM"});
        for (JsonNode entry : entries) {
            rows.add(new String[] {
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
            });
        }
        commands.print(Map.of("items", entries), entries.isEmpty() ? "no entries" : TextTable.of(rows));
    }

    @Command(
            name = "integrity",
            description = "Show the blobs the scrubber or fsck found damaged or missing, and whose files they are.")
    public void integrity() {
        commands.requireSession();
        JsonNode findings = commands.client().adminIntegrity();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"FOUND", "BLOB", "KIND", "STATE", "FILES", "BY"});
        for (JsonNode finding : findings) {
            List<String> files = new ArrayList<>();
            finding.path("files")
                    .forEach(file -> files.add(Shown.text(file.path("owner").asString()) + ":"
                            + Shown.text(file.path("name").asString())));
            rows.add(new String[] {
                when(finding.path("foundAt")),
                finding.path("sha256").asString().substring(0, 12),
                finding.path("kind").asString(),
                finding.path("state").asString(),
                files.isEmpty() ? "-" : String.join(", ", files),
                Shown.text(finding.path("foundBy").asString())
            });
        }
        commands.print(Map.of("items", findings), findings.isEmpty() ? "no findings" : TextTable.of(rows));
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
        commands.requireSession();
        JsonNode report = commands.client().adminFsck(fix, checksums);
        StringBuilder text = new StringBuilder();
        text.append(report.path("blobRows").asLong())
                .append(" blob rows, ")
                .append(report.path("storedBlobs").asLong())
                .append(" stored blobs");
        for (JsonNode problem : report.path("problems")) {
            text.append('\n')
                    .append(problem.path("kind").asString())
                    .append(' ')
                    .append(problem.path("sha256").asString())
                    .append(": ")
                    .append(Shown.text(problem.path("detail").asString()))
                    .append(problem.path("fixed").asBoolean() ? " — fixed: " : " — ")
                    .append(Shown.text(problem.path("action").asString()));
        }
        text.append('\n').append(report.path("clean").asBoolean() ? "clean" : "problems left to fix");
        commands.print(report, text.toString());
        return report.path("clean").asBoolean() ? 0 : 1;
    }

    private JsonNode user(String username) {
        commands.requireSession();
        return commands.client().adminUser(username);
    }

    private List<JsonNode> allUsers(String prefix) {
        commands.requireSession();
        List<JsonNode> users = new ArrayList<>();
        String after = null;
        do {
            JsonNode page = commands.client().adminUsers(prefix, after, PAGE);
            page.path("items").forEach(users::add);
            after = page.path("next").isNull() || page.path("next").isMissingNode()
                    ? null
                    : page.path("next").asString();
        } while (after != null);
        return users;
    }

    private static String state(JsonNode user) {
        if (!user.path("disabledAt").isNull() && !user.path("disabledAt").isMissingNode()) {
            return "disabled";
        }
        return user.path("mustChangePassword").asBoolean() ? "must-change-password" : "active";
    }

    private static String quota(JsonNode user) {
        return ByteUnits.size(user.path("quotaBytes").asLong())
                + (user.path("defaultQuota").asBoolean() ? " (default)" : "");
    }

    private static String when(JsonNode time) {
        return time.isNull() || time.isMissingNode() ? "-" : WHEN.format(Instant.parse(time.asString()));
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
