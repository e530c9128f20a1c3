package dev.filesys.file.accounts;

import dev.filesys.file.FileServiceProperties;
import dev.filesys.file.Periodic;
import java.time.Duration;
import java.time.Instant;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/** Purges login-throttle rows that no longer count, every housekeeping interval. */
@Component
class AccountsHousekeeping implements SmartLifecycle {

    private final LoginThrottle throttle;
    private final Duration interval;
    private Periodic purge;

    AccountsHousekeeping(LoginThrottle throttle, FileServiceProperties properties) {
        this.throttle = throttle;
        this.interval = properties.sessions().housekeepingInterval();
    }

    @Override
    public void start() {
        purge = Periodic.start("accounts-housekeeping", interval, interval, () -> throttle.purge(Instant.now()));
    }

    @Override
    public void stop() {
        purge.close();
        purge = null;
    }

    @Override
    public boolean isRunning() {
        return purge != null;
    }
}
