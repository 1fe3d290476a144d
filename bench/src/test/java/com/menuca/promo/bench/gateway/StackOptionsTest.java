package com.menuca.promo.bench.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.menuca.promo.infra.process.JavaCommand;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stack JVM's options: a heap given with --stack-java-options is the one the stack gets. */
class StackOptionsTest {
    private static final JavaCommand BENCHMARK = new JavaCommand("java", "promo-dev.jar", List.of("-Xmx1g", "-Dx=y"));

    /** What the JVM does with several: the last -Xmx counts. */
    private static String heapOf(List<String> options) {
        return options.stream().filter(o -> o.startsWith("-Xmx")).reduce((first, second) -> second).orElseThrow();
    }

    @Test
    void shouldGiveTheStackTheHeapItsOptionsName() {
        List<String> options = DevProcess.stackOptions(BENCHMARK, List.of("-Xmx2g", "-XX:+UseShenandoahGC"));

        assertThat(heapOf(options)).isEqualTo("-Xmx2g");
        assertThat(options).contains("-Dx=y", "-XX:+UseShenandoahGC");
    }

    @Test
    void shouldGiveTheStackItsOwnHeapOtherwise() {
        assertThat(heapOf(DevProcess.stackOptions(BENCHMARK, List.of("-XX:MaxGCPauseMillis=20")))).isEqualTo("-Xmx" + DevProcess.HEAP);
        assertThat(heapOf(DevProcess.stackOptions(new JavaCommand("java", "promo-dev.jar", List.of("-Xmx4g")), List.of())))
                .isEqualTo("-Xmx" + DevProcess.HEAP);
    }
}
