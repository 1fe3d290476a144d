package com.menuca.promo.bench.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A JVM's collections from its performance counters, as {@code jcmd PerfCounter.print} prints them (JDK 17). */
class GcPausesTest {
    private static String g1(long youngCount, long youngTicks) {
        return """
                sun.gc.collector.0.invocations=%d
                sun.gc.collector.0.lastEntryTime=801738234
                sun.gc.collector.0.name="G1 young collection pauses"
                sun.gc.collector.0.time=%d
                sun.gc.collector.1.invocations=0
                sun.gc.collector.1.name="G1 full collection pauses"
                sun.gc.collector.1.time=0
                sun.gc.collector.2.invocations=1
                sun.gc.collector.2.name="G1 concurrent cycle pauses"
                sun.gc.collector.2.time=2000000
                sun.os.hrt.frequency=1000000000
                """.formatted(youngCount, youngTicks);
    }

    @Test
    void shouldCountThePausesOfEachCollectorThatRanBetweenTwoReadings() {
        GcPauses before = GcPauses.parse(g1(6, 19_887_493));
        GcPauses after = GcPauses.parse(g1(16, 319_887_493));

        Map<String, Object> since = after.since(before);

        assertThat(since).containsOnlyKeys("G1 young collection pauses");
        assertThat(since.get("G1 young collection pauses")).isEqualTo(Map.of("pauses", 10L, "pause_total_ms", 300.0,
                "pause_mean_ms", 30.0));
    }

    @Test
    void shouldRefuseOutputWithoutCollectors() {
        assertThatThrownBy(() -> GcPauses.parse("sun.os.hrt.frequency=1000000000\n"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
