package com.menuca.promo.common.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns the text of a setting into its value, and back for documentation.
 *
 * @param <T> the parsed type
 */
public interface ValueParser<T> {

    /**
     * @param text the raw, trimmed text; never null
     * @return the value
     * @throws IllegalArgumentException with a message that says what is expected
     */
    T parse(String text);

    default String format(T value) {
        return String.valueOf(value);
    }

    ValueParser<String> STRING = text -> text;

    ValueParser<Boolean> BOOLEAN = text -> switch (text.toLowerCase(Locale.ROOT)) {
        case "true", "yes", "on", "1" -> true;
        case "false", "no", "off", "0" -> false;
        default -> throw new IllegalArgumentException("expected true or false");
    };

    ValueParser<List<String>> LIST = new ValueParser<>() {
        @Override
        public List<String> parse(String text) {
            return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        }

        @Override
        public String format(List<String> value) {
            return String.join(",", value);
        }
    };

    /** Durations as {@code 250ms}, {@code 10s}, {@code 5m}, {@code 2h}, {@code 7d}, or ISO-8601 ({@code PT10S}). */
    ValueParser<Duration> DURATION = new ValueParser<>() {
        private final Pattern simple = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

        @Override
        public Duration parse(String text) {
            Matcher m = simple.matcher(text.toLowerCase(Locale.ROOT));
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
            try {
                return Duration.parse(text);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("expected a duration such as 500ms, 10s, 5m, 2h or PT10S");
            }
        }

        @Override
        public String format(Duration value) {
            long ms = value.toMillis();
            if (ms % 86_400_000 == 0 && ms > 0) {
                return ms / 86_400_000 + "d";
            }
            if (ms % 3_600_000 == 0 && ms > 0) {
                return ms / 3_600_000 + "h";
            }
            if (ms % 60_000 == 0 && ms > 0) {
                return ms / 60_000 + "m";
            }
            if (ms % 1000 == 0 && ms > 0) {
                return ms / 1000 + "s";
            }
            return ms + "ms";
        }
    };

    /** A {@link #DURATION} from {@code min} to {@code max}, both included. */
    static ValueParser<Duration> durationBetween(Duration min, Duration max) {
        return new ValueParser<>() {
            @Override
            public Duration parse(String text) {
                Duration value = DURATION.parse(text);
                if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                    throw new IllegalArgumentException("expected a duration from " + DURATION.format(min) + " to "
                            + DURATION.format(max));
                }
                return value;
            }

            @Override
            public String format(Duration value) {
                return DURATION.format(value);
            }
        };
    }

    static ValueParser<Integer> intBetween(int min, int max) {
        return text -> {
            int value;
            try {
                value = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected a whole number");
            }
            if (value < min || value > max) {
                throw new IllegalArgumentException("expected a number from " + min + " to " + max);
            }
            return value;
        };
    }

    static ValueParser<Long> longAtLeast(long min) {
        return text -> {
            long value;
            try {
                value = Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected a whole number");
            }
            if (value < min) {
                throw new IllegalArgumentException("expected a number of at least " + min);
            }
            return value;
        };
    }

    /** A TCP port; 0 means any free port. */
    ValueParser<Integer> PORT = intBetween(0, 65_535);

    static <E extends Enum<E>> ValueParser<E> oneOf(Class<E> type) {
        return new ValueParser<>() {
            @Override
            public E parse(String text) {
                for (E constant : type.getEnumConstants()) {
                    if (constant.name().equalsIgnoreCase(text.replace('-', '_'))) {
                        return constant;
                    }
                }
                throw new IllegalArgumentException("expected one of " + Arrays.stream(type.getEnumConstants())
                        .map(this::format).collect(Collectors.joining(", ")));
            }

            @Override
            public String format(E value) {
                return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
            }
        };
    }
}
