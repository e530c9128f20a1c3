package dev.filesys.file.events;

import dev.filesys.file.FileServiceProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Deletes events older than the retention, every purge interval (on every instance; deleting the same rows twice is
 * harmless). A stream resuming from before the retention is told to re-read its state.
 */
@Component
class EventHousekeeping implements SchedulingConfigurer {

    private final EventRepository repository;
    private final FileServiceProperties.Events settings;
    private final Clock clock;
    private final Counter purged;

    EventHousekeeping(EventRepository repository, FileServiceProperties properties, Clock clock, MeterRegistry meters) {
        this.repository = repository;
        this.settings = properties.events();
        this.clock = clock;
        this.purged = Counter.builder("filesys.events.purged")
                .description("Events deleted after the retention period")
                .register(meters);
    }

    void purge() {
        purged.increment(repository.deleteCreatedBefore(clock.instant().minus(settings.retention())));
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(new FixedDelayTask(this::purge, settings.purgeInterval(), settings.purgeInterval()));
    }
}
