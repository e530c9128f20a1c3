package dev.filesys.cli.progress;

import java.util.Locale;

/** Binary units for humans: {@code 1.5 MiB}, {@code 31.2 MiB/s}. */
public final class ByteUnits {

    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};

    private ByteUnits() {}

    /** {@code 0 B}, {@code 1023 B}, {@code 1.0 KiB}, {@code 50.0 MiB}. */
    public static String size(double bytes) {
        int unit = 0;
        double value = bytes;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0
                ? String.format(Locale.ROOT, "%d B", Math.round(value))
                : String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }

    /** {@code 31.2 MiB/s}. */
    public static String rate(double bytesPerSecond) {
        return size(bytesPerSecond) + "/s";
    }
}
