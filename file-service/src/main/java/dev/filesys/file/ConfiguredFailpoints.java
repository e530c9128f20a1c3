package dev.filesys.file;

import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Arms failpoints in a separately started process, for the fault suite only: {@code filesys.failpoints.<point>=
 * pause-after:<n>} (e.g. {@code filesys.failpoints.after-commit=pause-after:80}) lets {@code n} requests pass the point
 * and stops every later one there. Nothing is armed unless such a setting is given; an unknown point or action refuses
 * to start, so a typo cannot silently test nothing.
 */
@Component
class ConfiguredFailpoints {

    private static final Logger log = LoggerFactory.getLogger(ConfiguredFailpoints.class);
    private static final String PAUSE_AFTER = "pause-after:";

    ConfiguredFailpoints(List<Failpoints<?>> features, FileServiceProperties properties) {
        for (Map.Entry<String, String> setting : properties.failpoints().entrySet()) {
            arm(features, setting.getKey(), setting.getValue());
        }
    }

    private static void arm(List<Failpoints<?>> features, String name, String action) {
        if (action == null || !action.startsWith(PAUSE_AFTER)) {
            throw new IllegalArgumentException(
                    "filesys.failpoints." + name + ": the only action is " + PAUSE_AFTER + "<n>, not " + action);
        }
        int passes;
        try {
            passes = Integer.parseInt(action.substring(PAUSE_AFTER.length()).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("filesys.failpoints." + name + ": " + action + " is not a count", e);
        }
        if (passes < 0) {
            throw new IllegalArgumentException("filesys.failpoints." + name + ": the count must not be negative");
        }
        for (Failpoints<?> feature : features) {
            if (armIn(feature, name, passes)) {
                log.warn(
                        "fault injection: failpoint {} armed ({}); this instance is for fault tests only",
                        name,
                        action);
                return;
            }
        }
        throw new IllegalArgumentException("filesys.failpoints." + name + ": no such failpoint");
    }

    private static <P extends Enum<P>> boolean armIn(Failpoints<P> feature, String name, int passes) {
        return feature.point(name)
                .map(point -> {
                    feature.arm(point, Failpoints.pauseAfter(point, passes));
                    return true;
                })
                .orElse(false);
    }
}
