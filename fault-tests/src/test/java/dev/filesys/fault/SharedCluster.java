package dev.filesys.fault;

import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands every test class the one {@link FaultCluster} of this test run (JVM start-ups dominate the suite's time),
 * started on first use and stopped when the run ends. Its logs stay under {@code target/fault-cluster-*}.
 */
final class SharedCluster implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedCluster.class);

    private record Holder(FaultCluster cluster) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            cluster.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == FaultCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot()
                .getStore(NAMESPACE)
                .computeIfAbsent("cluster", key -> start(), Holder.class)
                .cluster();
    }

    private static Holder start() {
        Path dir =
                Path.of("target", "fault-cluster-" + System.currentTimeMillis()).toAbsolutePath();
        try {
            return new Holder(FaultCluster.start(dir, 2));
        } catch (Exception e) {
            throw new IllegalStateException("could not start the cluster in " + dir, e);
        }
    }
}
