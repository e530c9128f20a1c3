package dev.filesys.file.files;

import java.util.Locale;

/** Byte counts in the words people read in a refusal: "1 GiB", "1.5 MiB", "300 bytes". */
final class ByteSizes {

    private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private ByteSizes() {}

    /** {@code bytes} in the largest binary unit it reaches, with one decimal where it is not whole. */
    static String describe(long bytes) {
        if (bytes < 1024) {
            return bytes == 1 ? "1 byte" : bytes + " bytes";
        }
        int unit = (63 - Long.numberOfLeadingZeros(bytes)) / 10;
        double value = bytes / Math.pow(1024, unit);
        String number = String.format(Locale.ROOT, "%.1f", value);
        if (number.endsWith(".0")) {
            number = number.substring(0, number.length() - 2);
        }
        return number + " " + UNITS[unit - 1];
    }
}
