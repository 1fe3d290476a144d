package com.menuca.promo.common.metrics;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmHeapPressureMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;

/**
 * The metrics of one service process: its Prometheus registry, with what operators expect of every
 * JVM service already bound — heap and non-heap memory per pool, GC pauses and allocation, heap
 * after GC, threads by state, class loading, CPU (process and system), open file descriptors, uptime
 * and the JVM version. Services add their own meters, and their Kafka clients' through
 * {@link KafkaClientMeters}.
 *
 * <p>Every command that runs a service ({@code promo capture}, {@code process}, {@code gateway},
 * {@code dev}) makes its registry here, so the services export the same JVM and process meters and
 * the shipped dashboard and alert rules find them in each.
 */
public final class ServiceMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry;
    private final List<AutoCloseable> binders;

    private ServiceMetrics(PrometheusMeterRegistry registry, List<AutoCloseable> binders) {
        this.registry = registry;
        this.binders = binders;
    }

    /** A new registry with the JVM and process meters bound. Close it when the process stops its services. */
    public static ServiceMetrics create() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        List<AutoCloseable> closeable = new ArrayList<>();
        JvmGcMetrics gc = new JvmGcMetrics();
        JvmHeapPressureMetrics heapPressure = new JvmHeapPressureMetrics();
        closeable.add(gc);
        closeable.add(heapPressure);
        for (MeterBinder binder : List.of(new JvmMemoryMetrics(), gc, heapPressure, new JvmThreadMetrics(),
                new ClassLoaderMetrics(), new JvmInfoMetrics(), new ProcessorMetrics(), new FileDescriptorMetrics(),
                new UptimeMetrics())) {
            binder.bindTo(registry);
        }
        return new ServiceMetrics(registry, closeable);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Stops the GC listeners and closes the registry. */
    @Override
    public void close() {
        for (AutoCloseable binder : binders) {
            try {
                binder.close();
            } catch (Exception e) {
                // nothing to recover: the listeners go with the process
            }
        }
        registry.close();
    }
}
