package dev.filesys.file.accounts;

import dev.filesys.file.FileServiceProperties;
import java.time.Clock;
import java.time.Duration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/** Purges login-throttle rows that no longer count, every housekeeping interval. */
@Component
class AccountsHousekeeping implements SchedulingConfigurer {

    private final LoginThrottle throttle;
    private final Duration interval;
    private final Clock clock;

    AccountsHousekeeping(LoginThrottle throttle, FileServiceProperties properties, Clock clock) {
        this.throttle = throttle;
        this.interval = properties.sessions().housekeepingInterval();
        this.clock = clock;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(new FixedDelayTask(() -> throttle.purge(clock.instant()), interval, interval));
    }
}
