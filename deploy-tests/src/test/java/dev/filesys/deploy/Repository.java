package dev.filesys.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/** The repository's deployment files: the module runs in {@code deploy-tests/}, they live at the root above it. */
final class Repository {

    static final Path ROOT = locate();

    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");

    private Repository() {}

    static Path path(String relative) {
        return ROOT.resolve(relative);
    }

    static String read(String relative) {
        try {
            return Files.readString(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The modules the root POM builds. */
    static List<String> modules() {
        return MODULE.matcher(read("pom.xml"))
                .results()
                .map(match -> match.group(1))
                .toList();
    }

    private static Path locate() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("k8s/base/kustomization.yaml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException(
                    "no k8s/base/kustomization.yaml above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
