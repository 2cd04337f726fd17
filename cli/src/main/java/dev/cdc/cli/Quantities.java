package dev.cdc.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Durations ({@code 90s}, {@code 10m}, {@code 1h30m}, {@code 250ms}) and rates ({@code 2MB/s}, {@code 500k}) as people type them. */
final class Quantities {
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");
    private static final Pattern RATE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmg]i?)?b?(?:/s)?");

    private Quantities() {
    }

    static Duration duration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = DURATION_PART.matcher(t);
        double seconds = 0;
        int at = 0;
        while (at < t.length() && m.find(at) && m.start() == at) {
            double value = Double.parseDouble(m.group(1));
            seconds += switch (m.group(2)) {
                case "ms" -> value / 1000;
                case "s" -> value;
                case "m" -> value * 60;
                default -> value * 3600;
            };
            at = m.end();
        }
        if (t.isEmpty() || at != t.length() || seconds <= 0) {
            throw new TypeConversionException("'" + text + "' is not a duration: expected e.g. 90s, 10m, 1h30m or 250ms");
        }
        return Duration.ofNanos((long) (seconds * 1e9));
    }

    /** Bytes per second; k, M, G are powers of 1000, Ki, Mi, Gi of 1024. */
    static double rate(String text) {
        Matcher m = RATE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches() || Double.parseDouble(m.group(1)) <= 0) {
            throw new TypeConversionException("'" + text + "' is not a rate: expected bytes per second, e.g. 500k, 2MB/s or 1MiB/s");
        }
        double value = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "" : m.group(2);
        double scale = switch (unit) {
            case "k" -> 1e3;
            case "m" -> 1e6;
            case "g" -> 1e9;
            case "ki" -> 1024;
            case "mi" -> 1024 * 1024;
            case "gi" -> 1024 * 1024 * 1024;
            default -> 1;
        };
        return value * scale;
    }

    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return duration(value);
        }
    }

    static final class RateConverter implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            return rate(value);
        }
    }

    /** A byte count for humans: 1.2 MB. */
    static String bytes(double bytes) {
        if (bytes < 1e3) {
            return String.format(Locale.ROOT, "%.0f B", bytes);
        }
        if (bytes < 1e6) {
            return String.format(Locale.ROOT, "%.1f kB", bytes / 1e3);
        }
        if (bytes < 1e9) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
        }
        return String.format(Locale.ROOT, "%.2f GB", bytes / 1e9);
    }
}
