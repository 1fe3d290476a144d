package com.menuca.promo.bench.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The gateway benchmark's memory per connection is read from a real JVM with jcmd: live heap from the
 * class histogram, memory outside the heap from Native Memory Tracking. Checked against JVMs that
 * allocate a known amount between two readings.
 */
class MemoryAccountingTest {
    private static final int MB = 1024 * 1024;
    /** What the test holds between two histograms, so nothing collects it. */
    private static final List<byte[]> held = new ArrayList<>();

    @Test
    void shouldCountTheLiveHeapGrownBetweenTwoHistogramsByClass() throws Exception {
        long pid = ProcessHandle.current().pid();
        ClassHistogram before = ClassHistogram.read(pid);
        for (int i = 0; i < 64; i++) {
            held.add(new byte[256 * 1024]);
        }
        ClassHistogram after = ClassHistogram.read(pid);

        assertThat(after.liveGrowthPerUnit(before, 1)).as("live bytes grown: 16 MB held").isBetween(14L * MB, 20L * MB);
        assertThat(after.growthPerUnit(before, 64, 1)).containsOnlyKeys("[B");
        held.clear();
    }

    @Test
    void shouldSayWhenAJvmDoesNotTrackNativeMemory() throws Exception {
        assertThat(NativeMemory.baseline(ProcessHandle.current().pid())).isNull();
    }

    @Test
    void shouldReportAJcmdThatFailsForAnotherReasonInsteadOfCallingItUntracked() {
        // no process has this id (pid_max is at most 2^22 on Linux): jcmd fails, and not because tracking is off
        long noSuchProcess = (1L << 22) + 1;

        assertThatThrownBy(() -> NativeMemory.baseline(noSuchProcess))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("jcmd VM.native_memory failed");
    }

    @Test
    void shouldAttributeDirectMemoryAllocatedAfterTheBaselineOutsideTheHeap() throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:NativeMemoryTracking=summary", "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                DirectMemoryHolder.class.getName()).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
             PrintStream in = new PrintStream(child.getOutputStream(), true, StandardCharsets.UTF_8)) {
            assertThat(out.readLine()).isEqualTo("ready");
            NativeMemory nativeMemory = NativeMemory.baseline(child.pid());
            assertThat(nativeMemory).as("the child tracks native memory").isNotNull();
            in.println("allocate");
            assertThat(out.readLine()).isEqualTo("allocated");

            Map<String, Long> growth = nativeMemory.growthPerUnit(2);

            assertThat(growth.keySet()).first().isEqualTo("outside_heap");
            assertThat(growth.get("outside_heap")).as("half of 32 MB, per unit of two").isGreaterThanOrEqualTo(16L * MB);
            assertThat(growth.get("other")).as("direct buffers are NMT's Other").isBetween(16L * MB, 17L * MB);
        } finally {
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** A JVM that allocates 32 MB of direct buffers when told to and holds them. */
    public static final class DirectMemoryHolder {
        public static void main(String[] args) throws Exception {
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            System.out.println("ready");
            in.readLine();
            List<ByteBuffer> buffers = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                buffers.add(ByteBuffer.allocateDirect(MB));
            }
            System.out.println("allocated");
            in.readLine();
            System.out.println(buffers.size());
        }
    }
}
