package dev.filesys.file.trash;

import dev.filesys.file.FileServiceProperties;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/** Purges trash items older than {@code filesys.trash.retention}, on the sweeper's schedule. */
@Component
class TrashRetention implements SchedulingConfigurer {

    private final TrashService trash;
    private final FileServiceProperties.Sweeper settings;

    TrashRetention(TrashService trash, FileServiceProperties properties) {
        this.trash = trash;
        this.settings = properties.sweeper();
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        if (settings.enabled()) {
            tasks.addFixedDelayTask(new FixedDelayTask(trash::purgeExpired, settings.interval(), settings.interval()));
        }
    }
}
