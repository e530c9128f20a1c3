package dev.filesys.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filesys.e2e.CliRunner.Result;
import dev.filesys.local.LaunchedSystem;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin commands of the real CLI against the whole system (embedded PostgreSQL, the balancer, two file-services):
 * the operator makes alice an admin with the cluster token, alice administers bob, bob uses the self-service
 * commands.
 */
class CliAdminEndToEndTest {

    private static final Pattern SERVER_URL = Pattern.compile("\"serverUrl\":\"([^\"]+)\"");
    private static final Pattern TEMPORARY = Pattern.compile("\"temporaryPassword\":\"([^\"]+)\"");

    @TempDir
    static Path work;

    @RegisterExtension
    static final LaunchedSystem system = new LaunchedSystem();

    private static CliRunner user(String name, String password) {
        return new CliRunner(work, system.cluster().balancerUrl(), work.resolve(name + ".state.json"))
                .with("FILESYS_PASSWORD", password);
    }

    @Test
    void anAdminAdministersBobWhoUsesTheSelfServiceCommands() throws Exception {
        CliRunner alice = user("alice", "alice-secret-password");
        CliRunner bob = user("bob", "bob-secret-password");
        assertSucceeds(alice.run("register", "alice"));
        assertSucceeds(bob.run("register", "bob"));

        // to bob, the admin API does not exist
        assertFails(bob.run("admin", "users"), "NOT_FOUND");

        // the operator makes alice the first admin, on the file-service her session is on
        Matcher url =
                SERVER_URL.matcher(assertSucceeds(alice.run("--json", "whoami")).out());
        assertThat(url.find()).isTrue();
        HttpResponse<String> promoted = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(url.group(1) + "/internal/v1/admins/alice"))
                                .header(
                                        "Authorization",
                                        "Bearer " + system.cluster().clusterToken())
                                .PUT(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(promoted.statusCode()).isEqualTo(200);

        assertThat(assertSucceeds(alice.run("--json", "admin", "users")).out())
                .contains("\"username\":\"alice\"")
                .contains("\"username\":\"bob\"");
        assertThat(assertSucceeds(alice.run("admin", "usage", "bob")).out()).contains("bob");

        // a quota below what bob needs refuses his upload
        assertSucceeds(alice.run("admin", "quota", "bob", "10B"));
        Path notes = work.resolve("notes.txt");
        Files.writeString(notes, "more than ten bytes of notes");
        assertFails(bob.run("upload", notes.toString()), "QUOTA_EXCEEDED");
        assertSucceeds(alice.run("admin", "quota", "bob", "default"));
        assertSucceeds(bob.run("upload", notes.toString()));

        // disabled: bob's session ends and he cannot log in
        assertSucceeds(alice.run("admin", "disable", "bob"));
        assertThat(bob.run("ls").exit()).isNotZero();
        assertFails(bob.run("login", "bob"), "ACCOUNT_DISABLED");
        assertSucceeds(alice.run("admin", "enable", "bob"));
        assertSucceeds(bob.run("login", "bob"));

        // a reset: bob logs in with the temporary password and must choose a new one
        Matcher temporary = TEMPORARY.matcher(assertSucceeds(alice.run("--json", "admin", "reset-password", "bob"))
                .out());
        assertThat(temporary.find()).isTrue();
        CliRunner bobWithTemporary = user("bob", temporary.group(1));
        assertSucceeds(bobWithTemporary.run("login", "bob"));
        assertFails(bobWithTemporary.run("ls"), "PASSWORD_CHANGE_REQUIRED");
        assertSucceeds(bobWithTemporary
                .with("FILESYS_NEW_PASSWORD", "bob-brand-new-password")
                .run("passwd"));
        assertThat(assertSucceeds(bobWithTemporary.run("ls")).out()).contains("notes.txt");
        assertThat(assertSucceeds(bobWithTemporary.run("--json", "sessions")).out())
                .contains("\"current\":true");

        assertThat(assertSucceeds(alice.run("--json", "admin", "audit")).out())
                .contains("\"action\":\"reset_password\"")
                .contains("\"action\":\"disable\"")
                .contains("\"action\":\"set_quota\"");

        // deletion needs --yes, then bob is gone
        assertThat(alice.run("admin", "delete", "bob").exit()).isEqualTo(2);
        assertSucceeds(alice.run("admin", "usage", "bob"));
        assertSucceeds(alice.run("admin", "delete", "bob", "--yes"));
        assertFails(alice.run("admin", "usage", "bob"), "USER_NOT_FOUND");
        assertFails(alice.run("admin", "delete", "alice", "--yes"), "LAST_ADMIN");
    }

    private static Result assertSucceeds(Result result) {
        assertThat(result.exit()).as("exit code; stderr: %s", result.err()).isZero();
        return result;
    }

    private static void assertFails(Result result, String code) {
        assertThat(result.exit()).as("exit code; stdout: %s", result.out()).isNotZero();
        assertThat(result.err()).contains(code).doesNotContain("Exception").doesNotContain("\tat ");
    }
}
