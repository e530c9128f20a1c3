package dev.filesys.file.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Points a file-service context at the {@link TestDatabase}, a fresh storage directory and the shared
 * {@link StubBalancer} (for its keys; registration is off), with a {@link TestClock} as its clock. The properties go in at the lowest precedence of the test
 * (above only the service's own defaults file), so a test's own properties and command-line arguments override them.
 *
 * <p>Use it through {@link FileServiceTest}, or {@code SpringApplicationBuilder.initializers(new
 * FileServiceTestInitializer())}. Note: {@code SpringApplicationBuilder.properties(...)} are default properties, weaker
 * than the service's defaults file; pass settings as {@code --name=value} arguments to {@code run} instead.
 */
public class FileServiceTestInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        Map<String, Object> properties =
                new LinkedHashMap<>(TestDatabase.coordinates().springProperties());
        try {
            properties.put(
                    "filesys.storage.root",
                    Files.createTempDirectory("filesys-test-blobs").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        properties.put("filesys.storage.min-free-space", "1MB");
        properties.put("filesys.balancer.url", StubBalancer.shared().url());
        properties.put("filesys.balancer.cluster-token", StubBalancer.CLUSTER_TOKEN);
        properties.put("filesys.balancer.register", "false");
        // tests register, log in and share from 127.0.0.1 far more often than a person would; the limits themselves
        // are tested with their own settings
        properties.put("filesys.limits.handshakes", "100000/1ms");
        properties.put("filesys.limits.registrations", "100000/1ms");
        properties.put("filesys.limits.registrations-overall", "100000/1ms");
        properties.put("filesys.limits.unknown-names", "100000/1ms");
        properties.put("filesys.accounts.password.hashing-threads", "8");
        context.getEnvironment().getPropertySources().addLast(new MapPropertySource("filesysTest", properties));
        if (context instanceof BeanDefinitionRegistry registry) {
            RootBeanDefinition clock = new RootBeanDefinition(TestClock.class, TestClock::new);
            clock.setPrimary(true);
            registry.registerBeanDefinition("testClock", clock);
        }
    }
}
