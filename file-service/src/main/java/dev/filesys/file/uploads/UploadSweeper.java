package dev.filesys.file.uploads;

import dev.filesys.file.FileServiceProperties;
import dev.filesys.file.Periodic;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Removes expired uploads (releasing the quota unfinished ones reserved) and chunks (and scratch files) whose upload is gone,
 * every {@code filesys.sweeper.interval} unless {@code filesys.sweeper.enabled=false}.
 */
@Component
class UploadSweeper implements SmartLifecycle {

    private final UploadService uploads;
    private final FileServiceProperties.Sweeper settings;
    private final Counter expired;
    private final Counter orphaned;
    private Periodic schedule;

    UploadSweeper(UploadService uploads, FileServiceProperties properties, MeterRegistry meters) {
        this.uploads = uploads;
        this.settings = properties.sweeper();
        this.expired = removals(meters, "expired_upload");
        this.orphaned = removals(meters, "orphaned_upload_chunks");
    }

    /** One pass; returns how many things it removed. */
    int sweep() {
        int removedUploads = uploads.sweepExpired();
        expired.increment(removedUploads);
        int removedDirectories = uploads.sweepOrphanedChunks(Instant.now().minus(settings.gracePeriod()));
        orphaned.increment(removedDirectories);
        return removedUploads + removedDirectories;
    }

    @Override
    public void start() {
        if (settings.enabled()) {
            schedule = Periodic.start("upload-sweeper", settings.interval(), settings.interval(), this::sweep);
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

    private static Counter removals(MeterRegistry meters, String kind) {
        return Counter.builder("filesys.sweeper.removals")
                .description("Things the sweeper removed")
                .tag("kind", kind)
                .register(meters);
    }
}
