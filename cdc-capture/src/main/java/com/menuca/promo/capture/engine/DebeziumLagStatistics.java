package com.menuca.promo.capture.engine;

import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Switches off Debezium's per-change lag statistics: the JMX attributes MilliSecondsBehindSource and
 * its min/max/average/quantiles. The capture measures the same thing itself ({@code promo.capture.lag},
 * commit in PostgreSQL to acknowledged by Kafka).
 *
 * <p>Why: Debezium 3.6 hands every change's lag to a statistics thread through a blocking queue, and
 * waking that thread is a system call on the WAL reader's thread, the capture's one serial stage. In
 * {@code promo bench capture} it was over a quarter of that thread's busy time; without it the median
 * of the 100,000-row transactions rose from 56,139 to 70,248-73,403 rows/s (three runs; same build,
 * same day). No setting turns it off ({@code statistics.metrics.enabled} only drops the quantiles), so
 * the statistics thread is stopped the way Debezium stops it on shutdown: interrupted. Its queue then
 * fills, and from then on each change is refused by a full queue without a lock, which Debezium reports
 * with a warning per change; so this runs only while that warning is not logged (logger
 * {@value #COLLECTOR_LOGGER} at ERROR, as the bundled logging configuration sets it).
 *
 * <p>Debezium starts a new statistics thread whenever its engine starts, so the capture calls this each
 * time streaming begins. {@code CaptureIT} checks that no statistics thread outlives it, which is what
 * would change if a Debezium upgrade renamed the class.
 */
final class DebeziumLagStatistics {
    static final String PUBLISHER_CLASS = "io.debezium.metrics.stats.MeasurementCollector$MeasurementPublisher";
    static final String COLLECTOR_LOGGER = "io.debezium.metrics.stats.MeasurementCollector";
    private static final Logger LOGGER = LoggerFactory.getLogger(DebeziumLagStatistics.class);

    private DebeziumLagStatistics() {
    }

    /** Stops every Debezium lag-statistics thread of this JVM, unless that would flood the log; returns how many. */
    static int switchOff() throws InterruptedException {
        if (LoggerFactory.getLogger(COLLECTOR_LOGGER).isWarnEnabled()) {
            LOGGER.info("Debezium's per-change lag statistics stay on: logger {} logs warnings, and without its "
                    + "statistics thread it would warn once per change. Set it to ERROR to capture faster.", COLLECTOR_LOGGER);
            return 0;
        }
        List<Thread> publishers = publisherThreads();
        for (Thread publisher : publishers) {
            publisher.interrupt();
        }
        for (Thread publisher : publishers) {
            publisher.join(1_000);
        }
        LOGGER.info("Debezium's per-change lag statistics switched off ({} thread(s) stopped); "
                + "promo.capture.lag measures commit to Kafka instead", publishers.size());
        return publishers.size();
    }

    /** Threads running Debezium's lag statistics loop, found by the loop's class on their stack. */
    static List<Thread> publisherThreads() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(thread -> Arrays.stream(thread.getValue())
                        .anyMatch(frame -> frame.getClassName().equals(PUBLISHER_CLASS)))
                .map(java.util.Map.Entry::getKey)
                .toList();
    }
}
