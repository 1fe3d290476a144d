package com.menuca.promo.replay;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Where a replay starts and stops. A start is the beginning of each partition, an offset (the same
 * number in every partition) or a time; a stop is now (what the topics hold when the replay starts)
 * or a time. Times select records by their Kafka timestamp, which the contract makes the commit time in
 * PostgreSQL for change topics and the event's {@code occurred_at} for derived events (see docs/topics.md):
 * from inclusive, to exclusive.
 *
 * @param fromOffset start offset, when the start is an offset
 * @param fromTime   start time, when the start is a time
 * @param toTime     stop time; empty for now
 */
public record ReplayRange(Optional<Long> fromOffset, Optional<Instant> fromTime, Optional<Instant> toTime) {
    private static final String TIME_FORMS = "ISO-8601 such as 2026-11-28T03:00:00Z, 2026-11-28T05:00+02:00 or 2026-11-28 (UTC midnight)";

    public ReplayRange {
        if (fromTime.isPresent() && toTime.isPresent() && !toTime.get().isAfter(fromTime.get())) {
            throw new ReplayException("--to " + toTime.get() + " is not after --from " + fromTime.get()
                    + ": the range would be empty");
        }
    }

    public static ReplayRange everything() {
        return new ReplayRange(Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * @param from {@code beginning}, a whole number (offset) or an ISO-8601 time
     * @param to   {@code now} or an ISO-8601 time; null means now
     */
    public static ReplayRange parse(String from, String to) {
        Optional<Long> fromOffset = Optional.empty();
        Optional<Instant> fromTime = Optional.empty();
        String start = from == null ? "beginning" : from.trim();
        if (start.matches("\\d+")) {
            fromOffset = Optional.of(Long.parseLong(start));
        } else if (!start.equalsIgnoreCase("beginning")) {
            fromTime = Optional.of(parseTime("--from", start, "an offset (a whole number), 'beginning' or "));
        }
        Optional<Instant> toTime = Optional.empty();
        String stop = to == null ? "now" : to.trim();
        if (!stop.equalsIgnoreCase("now")) {
            toTime = Optional.of(parseTime("--to", stop, "'now' or "));
        }
        return new ReplayRange(fromOffset, fromTime, toTime);
    }

    static Instant parseTime(String option, String text, String alternatives) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notInstant) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException notOffset) {
                try {
                    return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException notLocal) {
                    try {
                        return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
                    } catch (DateTimeParseException notDate) {
                        throw new ReplayException(option + " '" + text + "' is not a time: expected " + alternatives
                                + TIME_FORMS);
                    }
                }
            }
        }
    }

    /** Whether a record's timestamp falls in the time bounds (offsets are handled by seeking). */
    public boolean contains(long timestampMs) {
        return fromTime.map(t -> timestampMs >= t.toEpochMilli()).orElse(true)
                && toTime.map(t -> timestampMs < t.toEpochMilli()).orElse(true);
    }

    @Override
    public String toString() {
        String start = fromOffset.map(o -> "offset " + o).or(() -> fromTime.map(Instant::toString)).orElse("beginning");
        return start + " .. " + toTime.map(Instant::toString).orElse("now");
    }
}
