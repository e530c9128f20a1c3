package dev.filesys.file.events;

import dev.filesys.file.FileServiceProperties;
import dev.filesys.file.Periodic;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Deletes events older than the retention, every purge interval (on every instance; deleting the same rows twice is
 * harmless). A stream resuming from before the retention is told to re-read its state.
 */
@Component
class EventHousekeeping implements SmartLifecycle {

    private final EventRepository repository;
    private final FileServiceProperties.Events settings;
    private final Counter purged;
    private Periodic schedule;

    EventHousekeeping(EventRepository repository, FileServiceProperties properties, MeterRegistry meters) {
        this.repository = repository;
        this.settings = properties.events();
        this.purged = Counter.builder("filesys.events.purged")
                .description("Events deleted after the retention period")
                .register(meters);
    }

    void purge() {
        purged.increment(repository.deleteCreatedBefore(Instant.now().minus(settings.retention())));
    }

    @Override
    public void start() {
        schedule = Periodic.start("events-purge", settings.purgeInterval(), settings.purgeInterval(), this::purge);
    }

    @Override
    public void stop() {
        schedule.close();
        schedule = null;
    }

    @Override
    public boolean isRunning() {
        return schedule != null;
    }
}
