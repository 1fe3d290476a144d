package com.menuca.promo.replay;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/**
 * Progress of a replay for the person waiting: records scanned of the range, events written, rate and
 * time left, at most once per interval, and a summary at the end. Written to stderr so data on stdout
 * stays clean.
 */
public final class ReplayProgress {
    private final PrintWriter err;
    private final long intervalNanos;
    private final long started = System.nanoTime();
    private long lastReport = started;
    private long scannedAtLastReport;

    public ReplayProgress(PrintWriter err, Duration interval) {
        this.err = err;
        this.intervalNanos = interval.toNanos();
    }

    /** Nothing is reported (tests, scripts). */
    public static ReplayProgress silent() {
        return new ReplayProgress(null, Duration.ZERO);
    }

    void start(ReplayPlan plan) {
        report("replay: " + plan.describe());
    }

    void update(long scanned, long total, long written) {
        long now = System.nanoTime();
        if (now - lastReport < intervalNanos) {
            return;
        }
        // The rate of the last interval: the start (JIT, first fetches) would make an average ETA far too long.
        double rate = (scanned - scannedAtLastReport) / ((now - lastReport) / 1e9);
        lastReport = now;
        scannedAtLastReport = scanned;
        String eta = rate > 0 ? formatSeconds((total - scanned) / rate) : "?";
        report(String.format(Locale.ROOT, "replay: %,d / %,d records scanned (%.1f%%), %,d events written, %,.0f records/s, ETA %s",
                scanned, total, total == 0 ? 100.0 : 100.0 * scanned / total, written, rate, eta));
    }

    void finish(long scanned, long written) {
        long now = System.nanoTime();
        report(String.format(Locale.ROOT, "replay: done, %,d events written from %,d records scanned in %s (%,.0f records/s)",
                written, scanned, formatSeconds((now - started) / 1e9), rate(scanned, now)));
    }

    private double rate(long scanned, long now) {
        double seconds = (now - started) / 1e9;
        return seconds > 0 ? scanned / seconds : 0;
    }

    private static String formatSeconds(double seconds) {
        return seconds < 60 ? String.format(Locale.ROOT, "%.1f s", seconds)
                : String.format(Locale.ROOT, "%d min %d s", (long) seconds / 60, (long) seconds % 60);
    }

    private void report(String line) {
        if (err != null) {
            err.println(line);
            err.flush();
        }
    }
}
