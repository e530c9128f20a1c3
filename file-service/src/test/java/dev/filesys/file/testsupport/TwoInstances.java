package dev.filesys.file.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Two file-services, {@code file-a} and {@code file-b}, on one PostgreSQL and one blob directory: the set-up of the
 * tests that show what is done through one instance reaching the other. They start once before the test class and
 * stop after it; the sweeper is off on both, so that it removes nothing a test still looks at.
 *
 * <p>Registered as a static field, the instances are up before JUnit creates the test instance, so the test class may
 * take them into fields:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final TwoInstances INSTANCES = TwoInstances.with("--filesys.events.keep-alive=300ms");
 *
 * private final RunningFileService a = INSTANCES.a();
 * }</pre>
 */
public final class TwoInstances implements BeforeAllCallback, AfterAllCallback {

    private final List<String> settings;
    private final List<String> onlyOnB;
    private RunningFileService a;
    private RunningFileService b;

    private TwoInstances(List<String> settings, List<String> onlyOnB) {
        this.settings = settings;
        this.onlyOnB = onlyOnB;
    }

    /** Both instances with these settings, as {@code --name=value}. */
    public static TwoInstances with(String... settings) {
        return new TwoInstances(List.of(settings), List.of());
    }

    /** The same, and {@code file-b} with these settings too: for tests that need the instances to differ. */
    public TwoInstances andOnB(String... settings) {
        return new TwoInstances(this.settings, List.of(settings));
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        Path sharedBlobs = Files.createTempDirectory("filesys-two-instances-blobs");
        List<String> common =
                new ArrayList<>(List.of("--filesys.storage.root=" + sharedBlobs, "--filesys.sweeper.enabled=false"));
        common.addAll(settings);
        List<String> forB = new ArrayList<>(common);
        forB.addAll(onlyOnB);
        a = RunningFileService.start("file-a", common.toArray(String[]::new));
        b = RunningFileService.start("file-b", forB.toArray(String[]::new));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    public RunningFileService a() {
        return a;
    }

    public RunningFileService b() {
        return b;
    }
}
