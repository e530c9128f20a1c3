package dev.filesys.file.versions;

import dev.filesys.file.FileServiceProperties;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/** Removes versions past {@code filesys.versions.*}, on the sweeper's schedule. */
@Component
class VersionRetention implements SchedulingConfigurer {

    private final VersionService versions;
    private final FileServiceProperties.Sweeper settings;

    VersionRetention(VersionService versions, FileServiceProperties properties) {
        this.versions = versions;
        this.settings = properties.sweeper();
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        if (settings.enabled()) {
            tasks.addFixedDelayTask(
                    new FixedDelayTask(versions::removePastRetention, settings.interval(), settings.interval()));
        }
    }
}
