package dev.filesys.cli.commands;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code share --expires}: an instant ({@code 2026-12-31T23:00:00Z}, or with an offset), an ISO-8601 duration
 * ({@code P7D}, {@code PT12H}) or a short duration ({@code 90s}, {@code 30m}, {@code 12h}, {@code 7d}, {@code 2w},
 * combined as {@code 1d12h}) counted from now.
 */
public final class Expiry {

    private static final Pattern SHORT = Pattern.compile("(\\d+)([smhdw])");

    private Expiry() {}

    /**
     * @throws CliFailure with {@link ExitCode#USAGE} when the text is none of the forms or not in the future
     */
    public static Instant parse(String text, Instant now) {
        String value = text.strip();
        Instant at = instant(value);
        if (at == null) {
            Duration duration = duration(value);
            if (duration == null) {
                throw CliFailure.usage("--expires '" + text
                        + "' is neither an instant (2026-12-31T23:00:00Z) nor a duration (7d, 12h, 30m, P7D)");
            }
            at = now.plus(duration);
        }
        if (!at.isAfter(now)) {
            throw CliFailure.usage("--expires " + text + " is not in the future");
        }
        return at;
    }

    private static Instant instant(String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException notEither) {
                return null;
            }
        }
    }

    private static Duration duration(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.startsWith("p")) {
            try {
                return Duration.parse(value.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        Matcher matcher = SHORT.matcher(lower);
        Duration total = Duration.ZERO;
        int end = 0;
        try {
            while (matcher.find() && matcher.start() == end) {
                long amount = Long.parseLong(matcher.group(1));
                total = total.plus(
                        switch (matcher.group(2)) {
                            case "s" -> Duration.ofSeconds(amount);
                            case "m" -> Duration.ofMinutes(amount);
                            case "h" -> Duration.ofHours(amount);
                            case "d" -> Duration.ofDays(amount);
                            default -> Duration.ofDays(Math.multiplyExact(7, amount));
                        });
                end = matcher.end();
            }
        } catch (ArithmeticException | NumberFormatException e) {
            return null;
        }
        return end == 0 || end != lower.length() ? null : total;
    }
}
