package com.menuca.promo.harness;

import static org.assertj.core.api.Assertions.assertThat;

import com.menuca.promo.bench.faults.FaultCheck;
import com.menuca.promo.bench.faults.FaultOutcome;
import com.menuca.promo.bench.faults.FaultSuite;
import com.menuca.promo.infra.process.JavaCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The fault suite with the packaged launcher: capture, broker and gateways in their own processes,
 * killed and restarted under load, PostgreSQL restarted, the capture stopped while its slot keeps the
 * WAL, one of two stream processors killed. Not one committed row may be missing from Kafka (duplicates
 * there are allowed, at-least-once, and reported); both processors answer the coupon's count query with
 * the SQL count; clients of a killed gateway resume on the other and see every change, and every derived
 * coupon_redeemed event of the broadcast channel, exactly once, in order.
 */
class FaultSuiteIT {

    /**
     * Short phases and the process kills plus slot retention for the normal suite (the broker kill and the
     * PostgreSQL restart cost the most time); {@link FaultSuiteLongIT} runs the full plan of `promo bench faults`.
     */
    FaultSuite.Plan plan() {
        return FaultSuite.Plan.QUICK.only(java.util.EnumSet.of(FaultCheck.KILL_CAPTURE, FaultCheck.KILL_PROCESSOR,
                FaultCheck.KILL_BOTH_PROCESSORS, FaultCheck.KILL_GATEWAY, FaultCheck.SLOT_RETENTION));
    }

    @Test
    void shouldLoseNoCommittedRowWhateverIsKilledOrRestarted() throws Exception {
        Path jar = Path.of("target", "promo-dev.jar").toAbsolutePath();
        assertThat(jar).as("the launcher is packaged before integration tests").exists();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        List<FaultOutcome> outcomes;
        try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            outcomes = new FaultSuite(plan(), JavaCommand.packaged(jar), out)
                    .run(Files.createTempDirectory("fault-results"));
        }
        String report = printed.toString(StandardCharsets.UTF_8);
        System.out.println(report);
        Map<FaultCheck, FaultOutcome> byCheck = outcomes.stream()
                .collect(Collectors.toMap(FaultOutcome::check, Function.identity()));
        assertThat(byCheck.keySet()).containsExactlyInAnyOrderElementsOf(plan().checks());
        for (FaultOutcome outcome : outcomes) {
            assertThat(outcome.committed()).as("%s: rows written under load", outcome.check()).isPositive();
            assertThat(outcome.missing()).as("%s: committed rows missing from Kafka%n%s", outcome.check(), report).isZero();
            assertThat(outcome.recoveredSeconds()).as("%s recovered", outcome.check()).isNotNaN();
            assertThat(outcome.derived().duplicateEventIds()).as("%s: derived event ids seen twice", outcome.check()).isZero();
            assertThat(outcome.derived().countedTotal()).as("%s: derived redemption count = SQL count", outcome.check())
                    .isEqualTo(outcome.committed());
            assertThat(outcome.derived().redeemedEvents()).as("%s: one coupon_redeemed per row", outcome.check())
                    .isEqualTo(outcome.committed());
            assertThat(outcome.queried().running()).as("%s: processors running after recovery", outcome.check()).isEqualTo(2);
            assertThat(outcome.queried().totals()).as("%s: coupon count each processor answers = SQL count", outcome.check())
                    .containsOnly(outcome.committed()).hasSize(2);
            assertThat(outcome.lostNothing()).as("%s%n%s", outcome.summary(), report).isTrue();
        }
        assertThat(byCheck.get(FaultCheck.KILL_PROCESSOR).queried().killed()).as("one processor killed").isEqualTo(1);
        assertThat(byCheck.get(FaultCheck.KILL_BOTH_PROCESSORS).queried().killed()).as("both processors killed").isEqualTo(2);
        assertResumingClients(byCheck.get(FaultCheck.KILL_GATEWAY));
        checkSpecifics(byCheck, report);
    }

    /**
     * The killed gateway's clients (changes and derived events) resumed on the other one and got everything
     * once; those of the latest-wins counts channel ended on the coupon's SQL count.
     */
    static void assertResumingClients(FaultOutcome outcome) {
        assertThat(outcome.clients().resumed()).as("the killed gateway's clients resumed on the other one").isEqualTo(2);
        assertThat(outcome.clients()).as("every resuming client saw every change once, in order")
                .extracting(c -> c.missing(), c -> c.duplicates(), c -> c.outOfOrder()).containsExactly(0L, 0L, 0L);
        assertThat(outcome.derivedClients().resumed()).as("the killed gateway's derived-channel client resumed").isEqualTo(1);
        assertThat(outcome.derivedClients()).as("every derived-channel client got every coupon_redeemed once, by event id")
                .extracting(c -> c.missing(), c -> c.duplicates()).containsExactly(0L, 0L);
        assertThat(outcome.countsClients().resumed()).as("the killed gateway's counts-channel client resumed").isEqualTo(1);
        assertThat(outcome.countsClients().finalTotals()).as("every latest-wins client ended on the coupon's SQL count")
                .hasSize(2).containsOnly(outcome.committed());
    }

    void checkSpecifics(Map<FaultCheck, FaultOutcome> byCheck, String report) {
        FaultOutcome slot = byCheck.get(FaultCheck.SLOT_RETENTION);
        assertThat((Long) slot.detail().get("slot_lag_while_stopped_bytes"))
                .as("the stopped capture's slot holds the WAL written meanwhile").isPositive();
        assertThat(slot.detail()).as("promo status warns (exit code 1) past the threshold")
                .containsEntry("status_warned", true).containsEntry("status_exit_code", 1);
        if (byCheck.containsKey(FaultCheck.RESTART_POSTGRES)) {
            assertThat(byCheck.get(FaultCheck.RESTART_POSTGRES).failedWrites())
                    .as("writes were refused while PostgreSQL was down: the fault really happened").isPositive();
        }
        assertThat(report).contains("kill -9 capture: missing 0");
    }
}
