package dev.filesys.file.uploads;

import dev.filesys.file.FileServiceProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Removes expired uploads (releasing the quota unfinished ones reserved) and chunks (and scratch files) whose upload is gone,
 * every {@code filesys.sweeper.interval} unless {@code filesys.sweeper.enabled=false}.
 */
@Component
class UploadSweeper implements SchedulingConfigurer {

    private final UploadService uploads;
    private final FileServiceProperties.Sweeper settings;
    private final Clock clock;
    private final Counter expired;
    private final Counter orphaned;

    UploadSweeper(UploadService uploads, FileServiceProperties properties, Clock clock, MeterRegistry meters) {
        this.uploads = uploads;
        this.settings = properties.sweeper();
        this.clock = clock;
        this.expired = removals(meters, "expired_upload");
        this.orphaned = removals(meters, "orphaned_upload_chunks");
    }

    /** One pass; returns how many things it removed. */
    int sweep() {
        int removedUploads = uploads.sweepExpired();
        expired.increment(removedUploads);
        int removedDirectories = uploads.sweepOrphanedChunks(clock.instant().minus(settings.gracePeriod()));
        orphaned.increment(removedDirectories);
        return removedUploads + removedDirectories;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        settings.schedule(tasks, this::sweep);
    }

    private static Counter removals(MeterRegistry meters, String kind) {
        return Counter.builder("filesys.sweeper.removals")
                .description("Things the sweeper removed")
                .tag("kind", kind)
                .register(meters);
    }
}
