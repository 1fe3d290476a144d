package com.menuca.promo.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class NotifyComparisonPlanTest {
    private static final NotifyComparisonBenchmark.Plan FULL = NotifyComparisonBenchmark.Plan.DEFAULT;

    @Test
    void aRunOfSomeWriterCountsIsNamedForThemSoItNeverPassesForTheWholeComparison() {
        assertThat(FULL.resultName()).isEqualTo("notify");
        assertThat(FULL.withFsync(true).withWriterCounts(List.of(32)).resultName()).isEqualTo("notify-fsync-on-writers-32");
        assertThat(FULL.withWriterCounts(List.of(1, 8)).withThroughputPhase(Duration.ofSeconds(15)).resultName())
                .isEqualTo("notify-writers-1-8-shortened");
        assertThat(FULL.withWriterCounts(List.of(1, 8, 32, 64)).resultName()).isEqualTo("notify");
    }

    @Test
    void writerCountsAreBounded() {
        assertThatThrownBy(() -> FULL.withWriterCounts(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FULL.withWriterCounts(List.of(0))).hasMessageContaining("1 to 256");
        assertThatThrownBy(() -> FULL.withWriterCounts(List.of(32, 100_000))).hasMessageContaining("1 to 256");
    }
}
