package dev.filesys.file.availability;

import dev.filesys.file.FileServiceProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Checks the database and the storage (the local root, where uploads are staged, and every {@link StorageCheck}, such as
 * an S3 bucket's) in the background and hands the results to {@link InstanceAvailability},
 * so probes answer from memory. Each kind of check runs on its own thread: a database check that hangs (a pool waiting
 * for a dead server) does not hold up the storage check, and {@link InstanceAvailability} treats a database result that
 * has gone stale as unreachable.
 */
@Component
class HealthMonitor implements SmartLifecycle, SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(HealthMonitor.class);
    private static final int VALIDATION_TIMEOUT_SECONDS = 2;

    private final InstanceAvailability availability;
    private final DataSource dataSource;
    private final Path storageRoot;
    private final List<StorageCheck> storageChecksBeyondRoot;
    private final long minFreeBytes;
    private final Duration interval;

    private volatile boolean running;
    private volatile Boolean lastDatabase;
    private volatile Boolean lastStorage;

    HealthMonitor(
            InstanceAvailability availability,
            DataSource dataSource,
            FileServiceProperties properties,
            ObjectProvider<StorageCheck> storageChecks) {
        this.availability = availability;
        this.dataSource = dataSource;
        this.storageRoot = properties.storage().root();
        this.storageChecksBeyondRoot = storageChecks.orderedStream().toList();
        this.minFreeBytes = properties.storage().minFreeSpace().toBytes();
        this.interval = properties.availability().refreshInterval();
    }

    /** Runs both checks once, so the instance knows its state before the web server takes requests. */
    @Override
    public void start() {
        checkDatabase();
        checkStorage();
        running = true;
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Then each kind of check again every refresh interval, on a thread of its own. */
    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(new FixedDelayTask(this::checkDatabase, interval, interval));
        tasks.addFixedDelayTask(new FixedDelayTask(this::checkStorage, interval, interval));
    }

    /** Before the web server starts (it starts in a later phase), after everything else has stopped. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE / 2;
    }

    void checkDatabase() {
        boolean reachable;
        try (Connection connection = dataSource.getConnection()) {
            reachable = connection.isValid(VALIDATION_TIMEOUT_SECONDS);
        } catch (SQLException | RuntimeException e) {
            reachable = false;
        }
        availability.databaseChecked(reachable);
        if (!Boolean.valueOf(reachable).equals(lastDatabase)) {
            log.info("database {}", reachable ? "reachable" : "unreachable");
            lastDatabase = reachable;
        }
    }

    void checkStorage() {
        boolean usable;
        String why = "";
        try {
            Files.createDirectories(storageRoot);
            long free = Files.getFileStore(storageRoot).getUsableSpace();
            usable = Files.isWritable(storageRoot) && free >= minFreeBytes;
            if (!usable) {
                why = Files.isWritable(storageRoot) ? " (" + free + " bytes free)" : " (not writable)";
            }
        } catch (IOException | RuntimeException e) {
            usable = false;
            why = " (" + e.getClass().getSimpleName() + ")";
        }
        for (int i = 0; usable && i < storageChecksBeyondRoot.size(); i++) {
            try {
                storageChecksBeyondRoot.get(i).check();
            } catch (IOException | RuntimeException e) {
                usable = false;
                why = " (" + e.getMessage() + ")";
            }
        }
        availability.storageChecked(usable);
        if (!Boolean.valueOf(usable).equals(lastStorage)) {
            log.info("storage (root {}) {}{}", storageRoot, usable ? "usable" : "unusable", why);
            lastStorage = usable;
        }
    }
}
