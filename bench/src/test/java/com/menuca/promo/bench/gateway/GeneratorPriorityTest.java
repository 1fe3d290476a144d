package com.menuca.promo.bench.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GeneratorPriorityTest {
    @Test
    void readsTheNiceValueAfterAThreadNameWithSpacesAndParentheses() {
        String stat = "4242 (C2 CompilerThre) ((x) S 1 4242 3322 0 -1 4194304 96 0 0 0 0 0 0 0 30 10 1 0 1216891 3133440 390";

        assertThat(GeneratorPriority.niceOf(stat)).isEqualTo(10);
    }

    @Test
    void readsThisProcessesNiceValueAsPsShowsIt() throws Exception {
        long pid = ProcessHandle.current().pid();
        Process ps = new ProcessBuilder("ps", "-o", "ni=", "-p", String.valueOf(pid)).start();
        int shown = Integer.parseInt(new String(ps.getInputStream().readAllBytes()).trim());

        assertThat(GeneratorPriority.nice(pid)).isEqualTo(shown);
    }
}
