package com.menuca.promo.processor.warmup;

import static org.assertj.core.api.Assertions.assertThat;

import com.menuca.promo.processor.topology.DerivationSettings;
import com.menuca.promo.schemas.derived.DerivedTopics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The warm-up runs the real topology on synthetic changes that meet the change contract (every kind of
 * derived record comes out, no dead letter), bounded by a change count, its budget or a JIT that has
 * settled, and leaves nothing behind: its scratch state is gone, even one a killed start left.
 */
class TopologyWarmUpTest {
    private static final Duration LONG = Duration.ofMinutes(10);

    @TempDir
    Path stateDir;

    @Test
    void shouldDeriveEveryKindOfRecordFromTheSyntheticChangesAndKeepNone() throws IOException {
        WarmUpReport report = new TopologyWarmUp(DerivationSettings.defaults(), stateDir).run(LONG, 3_000, () -> false);

        assertThat(report.changes()).isEqualTo(3_000);
        // 72 deals and coupons, then per thousand changes 970 redemptions: at least 2,800 coupon_redeemed
        assertThat(report.derivedByTopic().get(DerivedTopics.COUPON_ACTIVITY.name())).isGreaterThanOrEqualTo(2_800L);
        assertThat(report.derivedByTopic()).as("deal events, counts and performance (published on the wall-clock "
                        + "ticks), savings: every step of the topology ran")
                .containsKeys(DerivedTopics.DEAL_LIFECYCLE.name(), DerivedTopics.REDEMPTION_COUNTS.name(),
                        DerivedTopics.DEAL_PERFORMANCE.name(), DerivedTopics.CUSTOMER_SAVINGS.name())
                .as("the synthetic changes meet the contract the intake checks")
                .doesNotContainKey(DerivedTopics.DEAD_LETTER.name());
        assertThat(report.scratch()).isEqualTo(stateDir.resolve(TopologyWarmUp.SCRATCH_DIRECTORY)).doesNotExist();
        assertThat(contents(stateDir)).as("nothing left in the state directory").isEmpty();
    }

    @Test
    void shouldRemoveTheScratchStateAKilledStartLeft() throws IOException {
        Path leftover = Files.createDirectories(stateDir.resolve(TopologyWarmUp.SCRATCH_DIRECTORY)
                .resolve("promo-processor-warm-up").resolve("0_0"));
        Files.writeString(leftover.resolve("stale"), "from a start that was killed");

        WarmUpReport report = new TopologyWarmUp(DerivationSettings.defaults(), stateDir).run(LONG, 100, () -> false);

        assertThat(report.changes()).isEqualTo(100);
        assertThat(contents(stateDir)).isEmpty();
    }

    @Test
    void shouldStopWhenCancelledAndRunAtLeastOneChangeOtherwise() throws IOException {
        TopologyWarmUp warmUp = new TopologyWarmUp(DerivationSettings.defaults(), stateDir);

        assertThat(warmUp.run(LONG, 1_000, () -> true).changes()).as("cancelled before the first change").isZero();
        WarmUpReport noTime = warmUp.run(Duration.ZERO, 1_000, () -> false);
        assertThat(noTime.changes()).as("a spent budget still runs one change").isEqualTo(1);
        assertThat(noTime.derivedByTopic()).as("the first change is a live deal: deal_published")
                .containsEntry(DerivedTopics.DEAL_LIFECYCLE.name(), 1L);
        assertThat(contents(stateDir)).isEmpty();
    }

    @Test
    void shouldStopBeforeItsBudgetOnceTheJitIsQuiet() {
        // a JIT that compiles nothing any more: the first window that passes settles it
        WarmUpReport report = new TopologyWarmUp(DerivationSettings.defaults(), stateDir, () -> 0L)
                .run(LONG, Long.MAX_VALUE, () -> false);

        assertThat(report.jitSettled()).isTrue();
        assertThat(report.took()).isLessThan(LONG);
        assertThat(report.changes()).isPositive();
    }

    @Test
    void shouldRunItsWholeBudgetWhileTheJitKeepsCompilingOrDoesNotSay() {
        Duration budget = TopologyWarmUp.SETTLE_WINDOW.multipliedBy(2);
        // compiling all the time: one compiler thread busy for every millisecond that passes
        WarmUpReport busy = new TopologyWarmUp(DerivationSettings.defaults(), stateDir,
                () -> System.nanoTime() / 1_000_000).run(budget, Long.MAX_VALUE, () -> false);
        WarmUpReport unknown = new TopologyWarmUp(DerivationSettings.defaults(), stateDir, () -> -1L)
                .run(budget, Long.MAX_VALUE, () -> false);

        assertThat(busy.jitSettled()).isFalse();
        assertThat(busy.took()).isGreaterThanOrEqualTo(budget);
        assertThat(unknown.jitSettled()).isFalse();
        assertThat(unknown.took()).isGreaterThanOrEqualTo(budget);
        assertThat(unknown.jitCompileMillis()).isEqualTo(-1);
    }

    private static java.util.List<Path> contents(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }
}
