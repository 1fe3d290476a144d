package com.menuca.promo.bench.faults;

import com.menuca.promo.bench.ResultFile;
import com.menuca.promo.bench.client.RealtimeSubscriber;
import com.menuca.promo.infra.process.JavaCommand;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * {@code promo bench faults}: every check of {@link FaultCheck} in turn against one fresh stack
 * ({@link FaultStack}), each with its own coupon so its rows are counted apart. For each: steady load,
 * the fault, the restart, more load, then every row PostgreSQL committed is looked for in Kafka (and,
 * for the gateway check, in what every resuming WebSocket client received).
 */
public final class FaultSuite {
    /** Check timing and load; the defaults are for {@code promo bench faults}, tests use {@link #QUICK}. */
    public record Plan(double rowsPerSecond, int writers, Duration before, Duration down, Duration after,
                       Set<FaultCheck> checks, int brokers) {
        private static final Set<FaultCheck> SINGLE_BROKER =
                EnumSet.complementOf(EnumSet.of(FaultCheck.KILL_BROKER_PROCESSOR_AND_GATEWAY));
        private static final Set<FaultCheck> CLUSTER = EnumSet.of(FaultCheck.KILL_CAPTURE, FaultCheck.KILL_BROKER,
                FaultCheck.KILL_PROCESSOR, FaultCheck.KILL_GATEWAY, FaultCheck.KILL_BROKER_PROCESSOR_AND_GATEWAY);
        public static final Plan DEFAULT = new Plan(300, 4, Duration.ofSeconds(5), Duration.ofSeconds(5),
                Duration.ofSeconds(5), SINGLE_BROKER, 1);
        public static final Plan QUICK = new Plan(150, 2, Duration.ofSeconds(3), Duration.ofSeconds(2),
                Duration.ofSeconds(3), SINGLE_BROKER, 1);

        /** The same timing and stack with only {@code selected} checks. */
        public Plan only(Set<FaultCheck> selected) {
            return new Plan(rowsPerSecond, writers, before, down, after, EnumSet.copyOf(selected), brokers);
        }

        /**
         * The same timing against a cluster of {@code size} broker processes (replication factor 3,
         * min.insync.replicas 2 from three): the process checks plus one broker and one gateway killed together.
         */
        public Plan onCluster(int size) {
            return size <= 1 ? this : new Plan(rowsPerSecond, writers, before, down, after, CLUSTER, size);
        }
    }

    private static final Duration DELIVERY_TIMEOUT = Duration.ofMinutes(3);
    private static final String CAPTURE_SLOT = "promo_capture";

    private final Plan plan;
    private final JavaCommand launcher;
    private final PrintStream out;

    public FaultSuite(Plan plan, JavaCommand launcher, PrintStream out) {
        this.plan = plan;
        this.launcher = launcher;
        this.out = out;
    }

    /** Runs the plan's checks on a fresh stack in a temporary directory; writes {@code faults.json}. */
    public List<FaultOutcome> run(Path resultsDir) throws Exception {
        ResultFile resultFile = ResultFile.begin(plan.brokers() == 1 ? "faults" : "faults-" + plan.brokers() + "-brokers",
                Map.of("brokers", plan.brokers(), "rows_per_s", plan.rowsPerSecond(), "writers", plan.writers(),
                        "before_s", plan.before().toSeconds(), "down_s", plan.down().toSeconds(), "after_s", plan.after().toSeconds(),
                        "checks", plan.checks().stream().map(FaultCheck::label).toList()));
        Path home = Files.createTempDirectory("promo-faults");
        out.printf(Locale.ROOT, "fault suite: capture, two processors (one application id), %s and two gateways as separate processes (%s), PostgreSQL 17 "
                        + "(embedded, fsync=off) restartable; load %.0f single-row inserts/s from %d writers; per check %d s "
                        + "of load, the fault, %d s down, restart, %d s more load; no warm-up (this counts rows, not speed)%n",
                plan.brokers() == 1 ? "one Kafka broker" : plan.brokers() + " Kafka brokers (RF 3, min ISR 2)",
                launcher.classPath().contains("promo-dev.jar") ? "promo-dev.jar" : "this build", plan.rowsPerSecond(), plan.writers(),
                plan.before().toSeconds(), plan.down().toSeconds(), plan.after().toSeconds());
        out.println("logs of every process in " + home);
        List<FaultOutcome> outcomes = new ArrayList<>();
        try (FaultStack stack = FaultStack.start(home, launcher, plan.brokers())) {
            for (FaultCheck check : plan.checks()) {
                FaultOutcome outcome = runCheck(stack, check);
                outcomes.add(outcome);
                out.println(outcome.summary());
            }
        }
        Map<String, Object> results = new LinkedHashMap<>();
        Map<String, Object> stack = new LinkedHashMap<>();
        stack.put("kafka", plan.brokers() == 1 ? "one KRaft broker in its own process (promo broker)"
                : plan.brokers() + " KRaft brokers, each its own process (promo broker), RF 3, min.insync.replicas 2");
        stack.put("services", "capture, two processors (one application id, partitions shared) and two gateways, "
                + "each its own process; PostgreSQL restartable");
        results.put("stack", stack);
        results.put("checks", outcomes.stream().map(FaultOutcome::toJson).toList());
        results.put("lost_nothing", outcomes.stream().allMatch(FaultOutcome::lostNothing));
        resultFile.writeAndAnnounce(resultsDir, results, out);
        return outcomes;
    }

    private FaultOutcome runCheck(FaultStack stack, FaultCheck check) throws Exception {
        long couponId = createCoupon(stack, check);
        Map<String, Object> detail = new LinkedHashMap<>();
        boolean withClients = check == FaultCheck.KILL_GATEWAY || check == FaultCheck.KILL_BROKER_PROCESSOR_AND_GATEWAY;
        List<RealtimeSubscriber> subscribers = withClients ? subscribe(stack, couponId) : List.of();
        List<RealtimeSubscriber> redemptionClients = withClients ? subscribeRedemptions(stack, couponId) : List.of();
        List<RealtimeSubscriber> countsClients = withClients ? subscribeCounts(stack, couponId) : List.of();
        CouponQueries queries = new CouponQueries(stack.processorPorts(), couponId, stack.processorAuthorization());
        boolean killsProcessor = check == FaultCheck.KILL_PROCESSOR || check == FaultCheck.KILL_BROKER_PROCESSOR_AND_GATEWAY;
        int processorsKilled = check == FaultCheck.KILL_BOTH_PROCESSORS ? 2 : killsProcessor ? 1 : 0;
        try (ChangeTally tally = new ChangeTally(stack.bootstrapServers(), couponId);
             DerivedTally derived = new DerivedTally(stack.bootstrapServers(), couponId)) {
            SteadyLoad load = new SteadyLoad(stack::connect, couponId, 1, plan.rowsPerSecond(), plan.writers(), withClients);
            long restartedAt;
            long faultAt;
            try {
                Thread.sleep(plan.before().toMillis());
                int victim = killsProcessor ? processorVictim(queries, detail) : -1;
                faultAt = System.nanoTime();
                switch (check) {
                    case KILL_CAPTURE -> {
                        stack.killCapture();
                        Thread.sleep(plan.down().toMillis());
                        restartedAt = System.nanoTime();
                        stack.startCapture();
                    }
                    case KILL_BROKER -> {
                        stack.killBroker();
                        Thread.sleep(plan.down().toMillis());
                        restartedAt = System.nanoTime();
                        stack.startBroker();
                    }
                    case KILL_GATEWAY -> {
                        stack.killGateway(0);
                        Thread.sleep(plan.down().toMillis());
                        restartedAt = System.nanoTime();
                        stack.startGateway(0);
                    }
                    case KILL_PROCESSOR -> {
                        stack.killProcessor(victim);
                        Thread.sleep(plan.down().toMillis());
                        restartedAt = System.nanoTime();
                        stack.startProcessor(victim);
                    }
                    case KILL_BOTH_PROCESSORS -> {
                        detail.put("killed", "both processors");
                        stack.killProcessor(0);
                        stack.killProcessor(1);
                        Thread.sleep(plan.down().toMillis());
                        restartedAt = System.nanoTime();
                        stack.startProcessor(0);
                        stack.startProcessor(1);
                    }
                    case KILL_BROKER_PROCESSOR_AND_GATEWAY -> {
                        stack.killBroker();
                        stack.killProcessor(victim);
                        stack.killGateway(0);
                        Thread.sleep(plan.down().toMillis());
                        restartedAt = System.nanoTime();
                        stack.startBroker();
                        stack.startProcessor(victim);
                        stack.startGateway(0);
                    }
                    case RESTART_POSTGRES -> {
                        stack.stopPostgres();
                        Thread.sleep(plan.down().toMillis());
                        restartedAt = System.nanoTime();
                        stack.startPostgres();
                    }
                    case SLOT_RETENTION -> {
                        stack.stopCapture();
                        Thread.sleep(plan.down().toMillis());
                        FaultStack.StatusReport status = stack.status(0);
                        detail.put("slot_lag_while_stopped_bytes", status.slotLagBytes(CAPTURE_SLOT));
                        detail.put("status_exit_code", status.exitCode());
                        detail.put("status_warned", !status.warnings().isEmpty());
                        restartedAt = System.nanoTime();
                        stack.startCapture();
                    }
                    default -> throw new IllegalStateException("unknown check " + check);
                }
                Thread.sleep(plan.after().toMillis());
            } finally {
                load.close();
            }
            Set<Long> committed = committedOrderIds(stack, couponId);
            tally.awaitAll(committed, DELIVERY_TIMEOUT);
            Set<Long> missing = new HashSet<>(committed);
            missing.removeAll(tally.arrived());
            double recovered = withClients ? clientRecoverySeconds(load.acknowledgedCommits(), subscribers, faultAt)
                    : recoverySeconds(load.acknowledgedCommits(), tally, restartedAt);
            if (check == FaultCheck.SLOT_RETENTION) {
                detail.put("slot_lag_after_catch_up_bytes", stack.status(0).slotLagBytes(CAPTURE_SLOT));
            }
            FaultOutcome.ClientTally clients = withClients ? clientTally(stack, couponId, committed, subscribers) : null;
            long derivedWait = System.nanoTime();
            derived.awaitRedemptions(committed.size(), DELIVERY_TIMEOUT);
            // For the processor check "recovered" (a CDC measure) says little: this says when the derived side was whole.
            detail.put("derived_complete_after_s", Math.round((System.nanoTime() - derivedWait) / 1e7) / 100.0);
            FaultOutcome.ClientTally derivedClients = withClients
                    ? redemptionTally(derived.redeemedEventIds(), redemptionClients) : null;
            FaultOutcome.LatestWins counts = withClients ? countsTally(committed.size(), countsClients) : null;
            FaultOutcome.Queried queried = new FaultOutcome.Queried(stack.processorsRunning(), processorsKilled,
                    queries.awaitTotals(committed.size(), DELIVERY_TIMEOUT));
            return new FaultOutcome(check, committed.size(), missing.size(), tally.duplicates(), recovered,
                    (restartedAt - faultAt) / 1e9, load.failedTransactions(), detail, clients, derivedClients, counts,
                    new FaultOutcome.Derived(derived.redeemedEvents(), derived.duplicateEventIds(), derived.countedTotal()),
                    queried);
        } finally {
            subscribers.forEach(RealtimeSubscriber::close);
            redemptionClients.forEach(RealtimeSubscriber::close);
            countsClients.forEach(RealtimeSubscriber::close);
        }
    }

    /**
     * The processor to kill: the one whose own state holds the check's coupon (its tasks must move or be
     * restored), or the first if none answers for it yet.
     */
    private static int processorVictim(CouponQueries queries, Map<String, Object> detail) throws InterruptedException {
        OptionalInt holder = queries.holder();
        int victim = holder.orElse(0);
        detail.put("killed", "processor " + (victim + 1) + (holder.isPresent() ? ", the coupon's holder" : ""));
        return victim;
    }

    /** Four resuming clients of every change of the coupon: two start on each gateway, each knows both. */
    private static List<RealtimeSubscriber> subscribe(FaultStack stack, long couponId) {
        String token = FaultStack.serviceToken();
        List<RealtimeSubscriber> subscribers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            subscribers.add(new RealtimeSubscriber(gatewayOrder(stack, i), token, couponId, "*"));
        }
        return subscribers;
    }

    /**
     * Two resuming clients of the derived broadcast channel carrying the coupon's {@code coupon_redeemed}
     * events ({@code restaurant:{id}:redemptions}).
     */
    private static List<RealtimeSubscriber> subscribeRedemptions(FaultStack stack, long couponId) {
        return broadcastClients(stack, "redemptions", "coupon_redeemed", couponId);
    }

    /** Two resuming clients of the latest-wins counts channel of the check's restaurant ({@code restaurant:{id}:counts}). */
    private static List<RealtimeSubscriber> subscribeCounts(FaultStack stack, long couponId) {
        return broadcastClients(stack, "counts", "redemption_counts", couponId);
    }

    /** Two clients of {@code restaurant:{id}:<suffix>} for the coupon, one starting on each gateway, each knowing both. */
    private static List<RealtimeSubscriber> broadcastClients(FaultStack stack, String suffix, String event, long couponId) {
        String token = FaultStack.serviceToken();
        String channel = "restaurant:" + SteadyLoad.RESTAURANT_ID + ":" + suffix;
        List<RealtimeSubscriber> subscribers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            subscribers.add(RealtimeSubscriber.broadcast(gatewayOrder(stack, i), token, channel, event, couponId));
        }
        return subscribers;
    }

    /** Waits until every counts client holds the coupon's final total (the SQL count), then says where each ended. */
    private static FaultOutcome.LatestWins countsTally(long committed, List<RealtimeSubscriber> subscribers)
            throws InterruptedException {
        long deadline = System.nanoTime() + DELIVERY_TIMEOUT.toNanos();
        while (subscribers.stream().anyMatch(s -> s.latestCouponTotal() != committed) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        int resumed = (int) subscribers.stream().filter(RealtimeSubscriber::resumed).count();
        return new FaultOutcome.LatestWins(subscribers.size(), resumed,
                subscribers.stream().map(RealtimeSubscriber::latestCouponTotal).toList());
    }

    /** The gateways' ports for client {@code i}: even clients start on gateway 1 (the one killed), odd on gateway 2. */
    private static List<Integer> gatewayOrder(FaultStack stack, int i) {
        List<Integer> ports = stack.gatewayPorts();
        return i % 2 == 0 ? ports : List.of(ports.get(1), ports.get(0));
    }

    /**
     * Waits until every derived-channel client has every coupon_redeemed event the processor wrote for the
     * check's coupon (by event id; there is one per committed row), then counts what is missing or doubled.
     */
    private static FaultOutcome.ClientTally redemptionTally(Set<String> expected, List<RealtimeSubscriber> subscribers)
            throws InterruptedException {
        long deadline = System.nanoTime() + DELIVERY_TIMEOUT.toNanos();
        long missing;
        do {
            missing = 0;
            for (RealtimeSubscriber subscriber : subscribers) {
                Set<String> received = subscriber.eventDeliveries().keySet();
                missing += expected.stream().filter(id -> !received.contains(id)).count();
            }
            if (missing > 0) {
                Thread.sleep(200);
            }
        } while (missing > 0 && System.nanoTime() < deadline);
        long duplicates = subscribers.stream().mapToLong(RealtimeSubscriber::duplicates).sum();
        int resumed = (int) subscribers.stream().filter(RealtimeSubscriber::resumed).count();
        return new FaultOutcome.ClientTally(subscribers.size(), resumed, missing, duplicates, 0);
    }

    /**
     * Waits until every client has, for every committed row, its insert and (when committed) its update,
     * then counts what is missing, doubled or out of order.
     */
    private static FaultOutcome.ClientTally clientTally(FaultStack stack, long couponId, Set<Long> committed,
                                                        List<RealtimeSubscriber> subscribers) throws Exception {
        Set<Long> updated = new HashSet<>();
        try (Connection c = stack.connect(); PreparedStatement q = c.prepareStatement(
                "SELECT order_id FROM menuca_v3.coupon_usage_log WHERE coupon_id = ? AND order_total = 21.00")) {
            q.setLong(1, couponId);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    updated.add(rs.getLong(1));
                }
            }
        }
        long deadline = System.nanoTime() + DELIVERY_TIMEOUT.toNanos();
        long missing;
        do {
            missing = 0;
            for (RealtimeSubscriber subscriber : subscribers) {
                for (long row : committed) {
                    List<String> seen = subscriber.changesByRow().getOrDefault(row, List.of());
                    missing += seen.contains("INSERT") ? 0 : 1;
                    missing += updated.contains(row) && !seen.contains("UPDATE") ? 1 : 0;
                }
            }
            if (missing > 0) {
                Thread.sleep(200);
            }
        } while (missing > 0 && System.nanoTime() < deadline);
        long duplicates = 0;
        long outOfOrder = 0;
        int resumed = 0;
        for (RealtimeSubscriber subscriber : subscribers) {
            duplicates += subscriber.duplicates();
            resumed += subscriber.resumed() ? 1 : 0;
            for (List<String> seen : subscriber.changesByRow().values()) {
                synchronized (seen) {
                    int insert = seen.indexOf("INSERT");
                    int update = seen.indexOf("UPDATE");
                    outOfOrder += update >= 0 && (insert < 0 || update < insert) ? 1 : 0;
                }
            }
        }
        return new FaultOutcome.ClientTally(subscribers.size(), resumed, missing, duplicates, outOfOrder);
    }

    /** From the kill until the clients that lost their gateway received the first row committed after it. */
    private static double clientRecoverySeconds(Map<Long, Long> commits, List<RealtimeSubscriber> subscribers, long faultAt) {
        long firstAfter = commits.entrySet().stream().filter(e -> e.getValue() >= faultAt)
                .min(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(-1L);
        long latest = faultAt;
        for (RealtimeSubscriber subscriber : subscribers) {
            if (subscriber.resumed()) {
                Long arrival = subscriber.inserts().arrivedAt(firstAfter);
                if (arrival == null) {
                    return Double.NaN;
                }
                latest = Math.max(latest, arrival);
            }
        }
        return (latest - faultAt) / 1e9;
    }

    /**
     * From the restart until the pipeline is whole again: every row committed before the restart has
     * arrived, and so has the first row committed after it (a PostgreSQL restart leaves nothing waiting,
     * but the capture must reconnect before anything flows). NaN when one of them never arrived.
     */
    private static double recoverySeconds(Map<Long, Long> commits, ChangeTally tally, long restartedAt) {
        long caughtUp = restartedAt;
        long firstAfter = Long.MAX_VALUE;
        Long firstAfterArrival = null;
        for (Map.Entry<Long, Long> commit : commits.entrySet()) {
            Long arrival = tally.firstArrival(commit.getKey());
            if (commit.getValue() < restartedAt) {
                if (arrival == null) {
                    return Double.NaN;
                }
                caughtUp = Math.max(caughtUp, arrival);
            } else if (commit.getValue() < firstAfter) {
                firstAfter = commit.getValue();
                firstAfterArrival = arrival;
            }
        }
        if (firstAfter != Long.MAX_VALUE && firstAfterArrival == null) {
            return Double.NaN;
        }
        long flowing = firstAfterArrival == null ? restartedAt : firstAfterArrival;
        return (Math.max(caughtUp, flowing) - restartedAt) / 1e9;
    }

    private static long createCoupon(FaultStack stack, FaultCheck check) throws SQLException {
        try (Connection c = stack.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "INSERT INTO menuca_v3.promotional_coupons (restaurant_id, code, discount_type, discount_value) VALUES ("
                        + SteadyLoad.RESTAURANT_ID + ", 'FAULT-"
                        + check.name() + "-" + System.nanoTime() + "', 'amount', 2.00) RETURNING id")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Set<Long> committedOrderIds(FaultStack stack, long couponId) throws SQLException {
        Set<Long> ids = new HashSet<>();
        try (Connection c = stack.connect();
             PreparedStatement q = c.prepareStatement("SELECT order_id FROM menuca_v3.coupon_usage_log WHERE coupon_id = ?")) {
            q.setLong(1, couponId);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        return ids;
    }
}
