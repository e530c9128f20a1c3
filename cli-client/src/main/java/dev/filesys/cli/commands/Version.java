package dev.filesys.cli.commands;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code filesys --version}: the CLI's version (written into the jar by the build) and the Java it runs on. */
public final class Version implements IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {"filesys " + number() + " (Java " + Runtime.version() + ")"};
    }

    /** The CLI's version, e.g. {@code 0.1.0-SNAPSHOT}; {@code unknown} when run from classes the build did not filter. */
    public static String number() {
        Properties properties = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        String version = properties.getProperty("version", "unknown");
        return version.startsWith("${") ? "unknown" : version;
    }
}
