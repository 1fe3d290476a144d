package com.menuca.promo.common.metrics;

import com.menuca.promo.common.concurrent.DaemonThreads;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * A Kafka client's own metrics (request rates and latencies, records sent and consumed, consumer lag
 * per partition, connection counts, Kafka Streams' thread and task metrics) bound into a service's
 * registry as {@code kafka_producer_*}, {@code kafka_consumer_*}, {@code kafka_admin_client_*} and
 * {@code kafka_stream_*}, tagged with the client id. Close the binding when the client is closed:
 * its meters leave the registry. (One method name per client kind: a module without Kafka Streams on
 * its class path can still compile against this class.)
 *
 * <p>Kafka creates some metrics only later (per topic and partition once partitions are assigned);
 * the binding looks for new ones every {@link #REFRESH} rather than Micrometer's default minute, so
 * an operator sees a new partition's lag within seconds.
 */
public final class KafkaClientMeters implements AutoCloseable {
    /** How often new client metrics are looked for. */
    public static final Duration REFRESH = Duration.ofSeconds(10);

    private final AutoCloseable binding;
    private final ScheduledExecutorService scheduler;

    private KafkaClientMeters(AutoCloseable binding, ScheduledExecutorService scheduler) {
        this.binding = binding;
        this.scheduler = scheduler;
    }

    public static KafkaClientMeters ofProducer(MeterRegistry registry, Producer<?, ?> producer) {
        return bind(registry, scheduler -> new KafkaClientMetrics(producer, Tags.empty(), scheduler, REFRESH));
    }

    public static KafkaClientMeters ofConsumer(MeterRegistry registry, Consumer<?, ?> consumer) {
        return bind(registry, scheduler -> new KafkaClientMetrics(consumer, Tags.empty(), scheduler, REFRESH));
    }

    /** @param admin an admin client made by {@link Admin#create}, which is always an {@link AdminClient} */
    public static KafkaClientMeters ofAdmin(MeterRegistry registry, Admin admin) {
        if (!(admin instanceof AdminClient client)) {
            throw new IllegalArgumentException("not a Kafka admin client: " + admin.getClass().getName());
        }
        return bind(registry, scheduler -> new KafkaClientMetrics(client, Tags.empty(), scheduler, REFRESH));
    }

    /** Kafka Streams' metrics, with those of its producers, consumers and admin client. */
    public static KafkaClientMeters ofStreams(MeterRegistry registry, KafkaStreams streams) {
        return bind(registry, scheduler -> new KafkaStreamsMetrics(streams, Tags.empty(), scheduler, REFRESH));
    }

    private static <B extends io.micrometer.core.instrument.binder.MeterBinder & AutoCloseable> KafkaClientMeters bind(
            MeterRegistry registry, Function<ScheduledExecutorService, B> binder) {
        // one refresh thread per binding: Micrometer leaves a scheduler it was given running after close
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
                DaemonThreads.named("kafka-client-meters"));
        B binding = binder.apply(scheduler);
        binding.bindTo(registry);
        return new KafkaClientMeters(binding, scheduler);
    }

    /** Removes the client's meters and stops looking for new ones. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            binding.close();
        } catch (Exception e) {
            // KafkaMetrics.close only removes meters; nothing to report
        }
    }
}
