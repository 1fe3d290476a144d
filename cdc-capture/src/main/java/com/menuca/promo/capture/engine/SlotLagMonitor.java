package com.menuca.promo.capture.engine;

import com.menuca.promo.capture.CaptureConfig;
import com.menuca.promo.common.concurrent.DaemonThreads;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How much WAL the capture's replication slot holds back: the distance in bytes from the server's
 * current WAL position to the position the capture last confirmed. PostgreSQL cannot recycle that WAL,
 * so a growing number means the capture is behind or stopped. Polled on a schedule and published as
 * the gauge {@code promo.capture.slot.lag} (bytes; NaN until the first successful read).
 */
public final class SlotLagMonitor implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(SlotLagMonitor.class);
    private static final String QUERY = """
            SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)
            FROM pg_replication_slots WHERE slot_name = ?""";

    private final CaptureConfig config;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("capture-slot-lag"));
    private volatile double lagBytes = Double.NaN;
    private Connection connection;

    public SlotLagMonitor(CaptureConfig config, MeterRegistry registry, Duration interval) {
        this.config = config;
        Gauge.builder("promo.capture.slot.lag", this, monitor -> monitor.lagBytes)
                .baseUnit("bytes")
                .description("WAL retained for the capture's replication slot (current WAL position - confirmed position)")
                .tag("slot", config.slotName())
                .register(registry);
        scheduler.scheduleWithFixedDelay(this::poll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The last measured lag in bytes, NaN when unknown. */
    public double lagBytes() {
        return lagBytes;
    }

    private void poll() {
        try {
            if (connection == null || connection.isClosed()) {
                connection = config.postgres().connect();
            }
            try (PreparedStatement statement = connection.prepareStatement(QUERY)) {
                statement.setString(1, config.slotName());
                try (ResultSet rs = statement.executeQuery()) {
                    lagBytes = rs.next() ? rs.getDouble(1) : Double.NaN;
                }
            }
        } catch (SQLException e) {
            lagBytes = Double.NaN;
            LOGGER.debug("Could not read the lag of slot '{}': {}", config.slotName(), e.getMessage());
            closeConnection();
        }
    }

    private void closeConnection() {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException e) {
            LOGGER.debug("Closing the slot-lag connection failed: {}", e.getMessage());
        }
        connection = null;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeConnection();
    }
}
