package dev.filesys.file.shares;

import dev.filesys.file.FileServiceProperties;
import dev.filesys.file.Periodic;
import java.time.Duration;
import java.time.Instant;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/** Deletes shares that expired more than the sweeper's grace period ago, on the sweeper's schedule. */
@Component
class ShareHousekeeping implements SmartLifecycle {

    private final ShareService shares;
    private final FileServiceProperties.Sweeper settings;
    private Periodic schedule;

    ShareHousekeeping(ShareService shares, FileServiceProperties properties) {
        this.shares = shares;
        this.settings = properties.sweeper();
    }

    @Override
    public void start() {
        if (settings.enabled()) {
            Duration interval = settings.interval();
            schedule = Periodic.start(
                    "share-housekeeping",
                    interval,
                    interval,
                    () -> shares.removeExpiredBefore(Instant.now().minus(settings.gracePeriod())));
        }
    }

    @Override
    public void stop() {
        if (schedule != null) {
            schedule.close();
            schedule = null;
        }
    }

    @Override
    public boolean isRunning() {
        return schedule != null;
    }
}
