package dev.filesys.file.availability;

import dev.filesys.protocol.Availability;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The availability answer as a health indicator, part of the readiness group: {@code /readyz} turns 503 when this
 * instance says no (draining, full, database or storage gone), so Kubernetes takes it out of the Service endpoints,
 * while {@code /livez} stays up and the pod is not restarted for being busy.
 */
@Component("availability")
class AvailabilityHealthIndicator implements HealthIndicator {

    private final InstanceAvailability availability;

    AvailabilityHealthIndicator(InstanceAvailability availability) {
        this.availability = availability;
    }

    @Override
    public Health health() {
        Availability current = availability.current();
        Health.Builder builder = current.available() ? Health.up() : Health.outOfService();
        builder.withDetail("activeSessions", current.activeSessions()).withDetail("capacity", current.capacity());
        if (current.reason() != null) {
            builder.withDetail("reason", current.reason());
        }
        return builder.build();
    }
}
