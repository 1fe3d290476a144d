package com.menuca.promo.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.menuca.promo.bench.ColdStartBenchmark.Plan;
import com.menuca.promo.bench.ColdStartBenchmark.Variant;
import com.menuca.promo.processor.ProcessorConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which processors a cold-start run starts: all variants, or those named, as promo bench coldstart --variants. */
class ColdStartPlanTest {

    @Test
    void shouldCompareTheDefaultsWithTheWarmUpAndTheJvmLevers() {
        assertThat(Plan.DEFAULT.variants()).extracting(Variant::name)
                .containsExactly("default", "warmup", "warmup-30s", "warmup-30s-4-compilers", "warmup-30s-2-threads", "warmup-2-threads",
                        "appcds",
                        "warmup-appcds", "c1-only", "appcds-c1-only");
        Variant defaults = Plan.DEFAULT.variants().get(0);
        assertThat(defaults.jvmOptions()).isEmpty();
        assertThat(defaults.settings()).as("promo process as it starts out of the box").isEmpty();
        assertThat(Plan.DEFAULT.variants().get(1).settings())
                .isEqualTo(Map.of(ProcessorConfig.WARMUP_DURATION.key(), "10s"));
        assertThat(Plan.DEFAULT.variants().get(2).settings())
                .isEqualTo(Map.of(ProcessorConfig.WARMUP_DURATION.key(), "30s"));
        assertThat(Plan.DEFAULT.variants().get(3).jvmOptions()).containsExactly("-XX:CICompilerCount=4");
        assertThat(Plan.DEFAULT.variants().get(4).settings())
                .isEqualTo(Map.of(ProcessorConfig.WARMUP_DURATION.key(), "30s", ProcessorConfig.THREADS.key(), "2"));
        assertThat(Plan.DEFAULT.variants().get(5).settings()).as("as the deployment descriptors run it")
                .isEqualTo(Map.of(ProcessorConfig.WARMUP_DURATION.key(), "10s", ProcessorConfig.THREADS.key(), "2"));
    }

    @Test
    void shouldRunTheVariantsNamedInTheirOrderAndRefuseAnUnknownOne() {
        Plan chosen = Plan.DEFAULT.withVariants(List.of("warmup", "default"));

        assertThat(chosen.variants()).extracting(Variant::name).containsExactly("warmup", "default");
        assertThat(chosen.rate()).isEqualTo(Plan.DEFAULT.rate());
        assertThat(chosen.firstMinute()).isEqualTo(Plan.DEFAULT.firstMinute());
        assertThatThrownBy(() -> Plan.DEFAULT.withVariants(List.of("default", "warm")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown cold-start variant 'warm'").hasMessageContaining("warmup-30s");
        assertThatThrownBy(() -> Plan.DEFAULT.withVariants(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
