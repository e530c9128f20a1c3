package dev.filesys.balancer.registry;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Locale;
import org.springframework.stereotype.Component;

/** Publishes {@code filesys.balancer.servers{state=up|suspect|down}}: how many known servers are in each state. */
@Component
class ServerMetrics implements MeterBinder {

    private final ServerRegistry registry;

    ServerMetrics(ServerRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void bindTo(MeterRegistry meters) {
        for (ServerState state : ServerState.values()) {
            Gauge.builder("filesys.balancer.servers", registry, servers -> servers.count(state))
                    .tag("state", state.name().toLowerCase(Locale.ROOT))
                    .description("Known file-services by health state")
                    .register(meters);
        }
    }
}
