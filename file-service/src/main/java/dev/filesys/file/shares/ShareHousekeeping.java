package dev.filesys.file.shares;

import dev.filesys.file.FileServiceProperties;
import java.time.Clock;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/** Deletes shares that expired more than the sweeper's grace period ago, on the sweeper's schedule. */
@Component
class ShareHousekeeping implements SchedulingConfigurer {

    private final ShareService shares;
    private final FileServiceProperties.Sweeper settings;
    private final Clock clock;

    ShareHousekeeping(ShareService shares, FileServiceProperties properties, Clock clock) {
        this.shares = shares;
        this.settings = properties.sweeper();
        this.clock = clock;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        settings.schedule(
                tasks, () -> shares.removeExpiredBefore(clock.instant().minus(settings.gracePeriod())));
    }
}
