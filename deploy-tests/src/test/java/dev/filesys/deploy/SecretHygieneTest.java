package dev.filesys.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No secret is committed: the Kubernetes Secrets are generated from git-ignored files whose committed examples hold
 * placeholders only, the compose {@code .env} is git-ignored and its example holds placeholders, and no committed
 * deployment file holds key material.
 */
class SecretHygieneTest {

    /** Generated secret files, relative to an overlay; each has a committed {@code .example}. */
    private static final List<String> SECRET_FILES =
            List.of("secrets/cluster.env", "secrets/signing-keys.json", "secrets/database.env", "secrets/s3.env");

    /** Keys of the database Secret that are connection details rather than secrets. */
    private static final Set<String> NOT_SECRET = Set.of("DATABASE_URL", "DATABASE_USER");

    private static final String PLACEHOLDER = "REPLACE_ME";

    /** A private Ed25519/EC JWK part, a PEM private key, or an AWS access key id. */
    private static final Pattern KEY_MATERIAL = Pattern.compile(
            "\"d\"\\s*:\\s*\"[A-Za-z0-9_-]{16,}\"|-----BEGIN [A-Z ]*PRIVATE KEY-----|\\bAKIA[0-9A-Z]{16}\\b");

    @ParameterizedTest
    @ValueSource(strings = {"overlays/production", "overlays/local"})
    void everySecretAnOverlayGeneratesHoldsPlaceholdersUntilTheRealFilesAreWritten(String overlay) {
        Manifests manifests = Manifests.render(overlay);
        List<Secret> secrets = manifests.all(Secret.class);

        List<String> expected = new java.util.ArrayList<>(
                List.of("filesys-cluster-token", "filesys-signing-keys", "filesys-database", "filesys-s3"));
        if (overlay.equals("overlays/local")) {
            // there is no cert-manager on a laptop: the edge's certificate is a file of its own
            expected.add("filesys-edge-tls");
        }
        assertThat(secrets)
                .extracting(secret -> secret.getMetadata().getName().replaceFirst("-[a-z0-9]{10}$", ""))
                .containsExactlyInAnyOrderElementsOf(expected);
        for (Secret secret : secrets) {
            assertThat(secret.getStringData()).as("no stringData literals").isNullOrEmpty();
            secret.getData().forEach((key, value) -> {
                String decoded = new String(Base64.getMimeDecoder().decode(value), StandardCharsets.UTF_8);
                if (!NOT_SECRET.contains(key)) {
                    assertThat(decoded)
                            .as(overlay + ": " + secret.getMetadata().getName() + " " + key
                                    + " comes from a git-ignored file, not from the kustomization")
                            .contains(PLACEHOLDER);
                }
            });
        }
        for (String file : SECRET_FILES) {
            assertThat(Repository.path("k8s/" + overlay + "/" + file + ".example"))
                    .as("the committed example of " + file)
                    .isRegularFile();
        }
    }

    @Test
    void theExampleEnvFilesHoldPlaceholdersForEverySecret() {
        List<Path> examples = new ArrayList<>(filesUnder("k8s").stream()
                .filter(path -> path.toString().endsWith(".env.example"))
                .toList());
        examples.add(Repository.path(".env.example"));
        assertThat(examples).hasSizeGreaterThan(4);
        for (Path example : examples) {
            Compose.dotEnv(read(example)).forEach((name, value) -> {
                if (name.matches(".*(TOKEN|PASSWORD|SECRET|SIGNING_KEYS|SECRET_KEY|ACCESS_KEY).*")) {
                    assertThat(value)
                            .as(Repository.ROOT.relativize(example) + ": " + name)
                            .isIn(PLACEHOLDER, "");
                }
            });
        }
    }

    @Test
    void noCommittedDeploymentFileHoldsKeyMaterialOrASecretObject() {
        List<Path> files = new ArrayList<>(filesUnder("k8s"));
        files.addAll(List.of(
                Repository.path("docker-compose.yml"), Repository.path(".env.example"), Repository.path("Dockerfile")));
        Optional<Set<String>> tracked =
                git("ls-files").map(out -> Set.copyOf(out.lines().toList()));
        for (Path file : files) {
            String relative = Repository.ROOT.relativize(file).toString();
            if (tracked.isPresent() && !tracked.get().contains(relative)) {
                continue; // a developer's generated secret: git-ignored, not committed
            }
            if (tracked.isEmpty() && isGeneratedSecret(relative)) {
                continue;
            }
            String text = read(file);
            assertThat(KEY_MATERIAL.matcher(text).find())
                    .as(relative + " holds key material")
                    .isFalse();
            assertThat(text)
                    .as(relative + " declares a Secret object")
                    .doesNotContainPattern("(?m)^kind:\\s*Secret\\s*$");
        }
    }

    @Test
    void theRealSecretFilesAreIgnoredByGitAndByDocker() {
        List<String> secrets = new ArrayList<>(List.of(".env"));
        for (String overlay : List.of("production", "local")) {
            SECRET_FILES.forEach(file -> secrets.add("k8s/overlays/" + overlay + "/" + file));
        }
        List<String> checkIgnore = new ArrayList<>(List.of("check-ignore", "--no-index"));
        checkIgnore.addAll(secrets);
        Optional<String> ignored = git(checkIgnore.toArray(String[]::new));
        if (ignored.isPresent()) {
            assertThat(ignored.get().lines()).containsExactlyInAnyOrderElementsOf(secrets);
            assertThat(git(
                            "check-ignore",
                            "--no-index",
                            "k8s/overlays/production/secrets/cluster.env.example",
                            ".env.example"))
                    .as("the examples are committed")
                    .contains("");
            Optional<String> tracked = git("ls-files", "--", ".env", "k8s/overlays/*/secrets/*");
            assertThat(tracked.orElseThrow().lines())
                    .as("tracked secret files")
                    .allMatch(path -> path.endsWith(".example"));
        } else {
            System.out.println("git is not available: checking .gitignore's lines instead of asking git");
            assertThat(Repository.read(".gitignore").lines().map(String::strip))
                    .contains(".env", "k8s/overlays/*/secrets/*", "!k8s/overlays/*/secrets/*.example");
        }
        assertThat(Repository.read(".dockerignore").lines().map(String::strip))
                .contains(".env", "k8s/overlays/*/secrets/");
    }

    private static boolean isGeneratedSecret(String relative) {
        return relative.contains("/secrets/") && !relative.endsWith(".example");
    }

    /** Runs git in the repository; empty when git is missing or this is not a checkout. */
    private static Optional<String> git(String... arguments) {
        List<String> command = new ArrayList<>(List.of("git", "-C", Repository.ROOT.toString()));
        command.addAll(List.of(arguments));
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(false).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.getErrorStream().readAllBytes();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.empty();
            }
            // check-ignore exits 1 when nothing is ignored: an answer, not a failure
            int exit = process.exitValue();
            return exit == 0 || exit == 1 && arguments[0].equals("check-ignore") ? Optional.of(out) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static List<Path> filesUnder(String directory) {
        try (Stream<Path> files = Files.walk(Repository.path(directory))) {
            return files.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
