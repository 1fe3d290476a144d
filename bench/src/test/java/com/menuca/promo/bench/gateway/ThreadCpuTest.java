package com.menuca.promo.bench.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Per-role CPU and run-queue wait read from /proc for a thread named as the processor's are. */
class ThreadCpuTest {
    /** Where the spinning thread puts its work, so the JIT cannot drop the loop. */
    private static volatile long spun;

    @Test
    void shouldCountAThreadsCpuAndItsWaitForACpuUnderItsRole() throws Exception {
        long pid = ProcessHandle.current().pid();
        Map<ThreadCpu.Role, Double> cpuBefore = ThreadCpu.byRole(pid);
        Map<ThreadCpu.Role, Double> waitBefore = ThreadCpu.waitingByRole(pid);

        Thread spinner = new Thread(() -> {
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
            long sum = 0;
            while (System.nanoTime() < until) {
                sum += System.nanoTime() % 7;
            }
            spun = sum;
        }, "promo-processor-test-spinner");
        spinner.start();
        // read while the thread is alive: an ended thread's figures leave /proc with it
        Thread.sleep(250);
        Map<ThreadCpu.Role, Double> cpu = ThreadCpu.between(cpuBefore, ThreadCpu.byRole(pid));
        Map<ThreadCpu.Role, Double> wait = ThreadCpu.between(waitBefore, ThreadCpu.waitingByRole(pid));
        spinner.join();

        assertThat(cpu.get(ThreadCpu.Role.PROCESSOR)).as("CPU-seconds of the spinning thread").isGreaterThan(0.05);
        assertThat(ThreadCpu.waitingByRole(pid)).as("schedstat was read for this process' threads")
                .containsKey(ThreadCpu.Role.OTHER);
        assertThat(wait.get(ThreadCpu.Role.PROCESSOR)).isGreaterThanOrEqualTo(0.0).isLessThan(5.0);
    }
}
