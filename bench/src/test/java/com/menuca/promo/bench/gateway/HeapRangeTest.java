package com.menuca.promo.bench.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The heap's address range, which the benchmark needs to tell the heap's resident pages from the rest
 * of the JVM's, as {@code jcmd GC.heap_info} prints it for each collector (JDK 17 output).
 */
class HeapRangeTest {

    @Test
    void shouldReadG1sOneRange() {
        String g1 = """
                 garbage-first heap   total 262144K, used 6689K [0x00000000f0000000, 0x0000000100000000)
                  region size 1024K, 5 young (5120K), 2 survivors (2048K)
                 Metaspace       used 8975K, committed 9152K, reserved 1114112K
                """;

        assertThat(MeasuredStack.heapRange(g1)).containsExactly(0xf0000000L, 0x100000000L);
    }

    @Test
    void shouldReadShenandoahsReservedRegion() {
        String shenandoah = """
                Shenandoah Heap
                 256M max, 256M soft max, 256M committed, 15232K used
                Reserved region:
                 - [0x00000000f0000000, 0x0000000100000000)\s
                """;

        assertThat(MeasuredStack.heapRange(shenandoah)).containsExactly(0xf0000000L, 0x100000000L);
    }

    @Test
    void shouldJoinTheParallelCollectorsGenerations() {
        // the young generation is printed first though it lies above the old one
        String parallel = """
                 PSYoungGen      total 76288K, used 18351K [0x00000000fab00000, 0x0000000100000000, 0x0000000100000000)
                  eden space 65536K, 28% used [0x00000000fab00000,0x00000000fbcebdb0,0x00000000feb00000)
                  from space 10752K, 0% used [0x00000000ff580000,0x00000000ff580000,0x0000000100000000)
                 ParOldGen       total 175104K, used 0K [0x00000000f0000000, 0x00000000fab00000, 0x00000000fab00000)
                  object space 175104K, 0% used [0x00000000f0000000,0x00000000f0000000,0x00000000fab00000)
                 Metaspace       used 8908K, committed 9088K, reserved 1114112K
                """;

        assertThat(MeasuredStack.heapRange(parallel)).containsExactly(0xf0000000L, 0x100000000L);
    }

    @Test
    void shouldJoinTheSerialCollectorsGenerations() {
        String serial = """
                 def new generation   total 78656K, used 19844K [0x00000000f0000000, 0x00000000f5550000, 0x00000000f5550000)
                  eden space 69952K,  28% used [0x00000000f0000000, 0x00000000f1361240, 0x00000000f4450000)
                 tenured generation   total 174784K, used 0K [0x00000000f5550000, 0x0000000100000000, 0x0000000100000000)
                   the space 174784K,   0% used [0x00000000f5550000, 0x00000000f5550000, 0x00000000f5550200, 0x0000000100000000)
                """;

        assertThat(MeasuredStack.heapRange(serial)).containsExactly(0xf0000000L, 0x100000000L);
    }

    @Test
    void shouldSayNothingWhenTheCollectorPrintsNoRange() {
        String z = " ZHeap           used 24M, capacity 256M, max capacity 256M\n Metaspace       used 8908K\n";

        assertThat(MeasuredStack.heapRange(z)).isEmpty();
    }
}
