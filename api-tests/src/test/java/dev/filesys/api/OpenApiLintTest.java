package dev.filesys.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The committed OpenAPI documents (which {@link LaunchedApiTest} keeps equal to what the services serve) pass redocly's
 * recommended rules with no error: the real {@code @redocly/cli}, in the version {@code api-tests/package-lock.json}
 * pins, installed with {@code npm ci} when it is not there yet. Warnings are printed, not failed on.
 */
class OpenApiLintTest {

    private static final Path MODULE = OpenApiDocuments.REPOSITORY.resolve("api-tests");

    @Test
    void theDocumentsLintWithoutErrors() throws Exception {
        Path redocly = MODULE.resolve("node_modules/.bin/redocly");
        if (!Files.isExecutable(redocly)) {
            Result install = run(List.of("npm", "ci", "--no-audit", "--no-fund"));
            assertThat(install.exitCode())
                    .as("npm ci in %s\n%s", MODULE, install.output())
                    .isZero();
        }
        Result lint = run(List.of(
                redocly.toString(),
                "lint",
                "--config",
                "redocly.yaml",
                "--format",
                "stylish",
                OpenApiDocuments.FILE_SERVICE.toString(),
                OpenApiDocuments.BALANCER.toString()));
        System.out.println(lint.output());
        assertThat(lint.exitCode())
                .as("redocly lint (recommended rules) found errors:\n%s", lint.output())
                .isZero();
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Path output = Files.createTempFile("redocly", ".txt");
        try {
            Process process = new ProcessBuilder(command)
                    .directory(MODULE.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            assertThat(process.waitFor(5, TimeUnit.MINUTES))
                    .as("%s finishes", command)
                    .isTrue();
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private record Result(int exitCode, String output) {}
}
