package dev.filesys.file.testsupport;

import dev.filesys.file.FileServiceProperties;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** {@link FileServiceProperties} for unit tests: the defaults, with some settings given as properties. */
public final class TestProperties {

    private TestProperties() {}

    /** @param settings e.g. {@code "accounts.password.iterations" -> "3"} (relative to {@code filesys.}) */
    public static FileServiceProperties fileService(Map<String, String> settings) {
        MapConfigurationPropertySource source = new MapConfigurationPropertySource();
        settings.forEach((name, value) -> source.put("filesys." + name, value));
        return new Binder(source).bindOrCreate("filesys", FileServiceProperties.class);
    }
}
