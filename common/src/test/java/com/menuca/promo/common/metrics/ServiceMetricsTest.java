package com.menuca.promo.common.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ServiceMetricsTest {

    @Test
    void shouldExportJvmGcThreadAndProcessMetersInPrometheusFormat() {
        try (ServiceMetrics metrics = ServiceMetrics.create()) {
            assertThat(names(metrics.registry().scrape())).contains(
                    "jvm_memory_used_bytes", "jvm_memory_max_bytes", "jvm_memory_usage_after_gc",
                    "jvm_gc_memory_allocated_bytes_total", "jvm_gc_live_data_size_bytes",
                    "jvm_threads_live_threads", "jvm_threads_states_threads", "jvm_classes_loaded_classes",
                    "jvm_info", "process_cpu_usage", "system_cpu_count", "process_uptime_seconds",
                    "process_files_open_files");

            // a GC pause is recorded from the JVM's notification, on its own thread
            System.gc();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(names(metrics.registry().scrape())).contains("jvm_gc_pause_seconds_count"));
        }
    }

    @Test
    void shouldGiveEachServiceItsOwnRegistry() {
        try (ServiceMetrics a = ServiceMetrics.create(); ServiceMetrics b = ServiceMetrics.create()) {
            a.registry().counter("only.in.a").increment();
            assertThat(names(a.registry().scrape())).contains("only_in_a_total");
            assertThat(names(b.registry().scrape())).doesNotContain("only_in_a_total").contains("jvm_memory_used_bytes");
        }
    }

    /** Sample names of a Prometheus text scrape. */
    static Set<String> names(String scrape) {
        return scrape.lines().filter(l -> !l.isBlank() && !l.startsWith("#"))
                .map(l -> l.split("[{ ]", 2)[0]).collect(Collectors.toSet());
    }
}
