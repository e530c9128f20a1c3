package dev.filesys.balancer;

import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Builds {@link BalancerProperties} for unit tests the way Spring binds them, defaults included. */
public final class TestProperties {

    private TestProperties() {}

    /** @param settings property names below {@code filesys.balancer.}, e.g. {@code polling.fall} */
    public static BalancerProperties bind(Map<String, String> settings) {
        MapConfigurationPropertySource source = new MapConfigurationPropertySource();
        settings.forEach((name, value) -> source.put("filesys.balancer." + name, value));
        return new Binder(source).bindOrCreate("filesys.balancer", BalancerProperties.class);
    }

    public static BalancerProperties defaults() {
        return bind(Map.of());
    }
}
