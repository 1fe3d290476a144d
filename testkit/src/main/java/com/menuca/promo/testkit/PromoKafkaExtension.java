package com.menuca.promo.testkit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that starts promo-realtime's topics for a test class, without Docker: what
 * Testcontainers' {@code KafkaContainer} is to other projects. Register it on a static field; it starts
 * before the class's first test and stops after its last.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final PromoKafkaExtension PROMO = PromoKafkaExtension.withPipeline();
 *
 * @Test
 * void shouldHearOfEveryRedemption() throws Exception {
 *     PROMO.kafka().execute("INSERT INTO menuca_v3.coupon_usage_log ...");
 *     ...
 * }
 * }</pre>
 *
 * Test methods may also take a {@link PromoKafka} parameter.
 */
public final class PromoKafkaExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
    /** What to start. */
    record Parts(boolean postgres, boolean capture, boolean processor) {
    }

    private final Parts parts;
    private volatile PromoKafka kafka;

    private PromoKafkaExtension(Parts parts) {
        this.parts = parts;
    }

    /** A Kafka broker with every catalogue topic: publish sample events ({@code Samples}) to your consumer. */
    public static PromoKafkaExtension kafkaOnly() {
        return new PromoKafkaExtension(new Parts(false, false, false));
    }

    /** Kafka and PostgreSQL with the {@code menuca_v3} schema migrated (nothing captured). */
    public static PromoKafkaExtension withPostgres() {
        return new PromoKafkaExtension(new Parts(true, false, false));
    }

    /** Kafka, PostgreSQL and the capture: rows committed in {@code menuca_v3} arrive on the change topics. */
    public static PromoKafkaExtension withCapture() {
        return new PromoKafkaExtension(new Parts(true, true, false));
    }

    /** The whole pipeline: rows committed in {@code menuca_v3} arrive as changes and as derived events. */
    public static PromoKafkaExtension withPipeline() {
        return new PromoKafkaExtension(new Parts(true, true, true));
    }

    /**
     * What was started.
     *
     * @throws IllegalStateException outside the test class's lifetime
     */
    public PromoKafka kafka() {
        PromoKafka started = kafka;
        if (started == null) {
            throw new IllegalStateException("promo-testkit has not started: register the extension on a static field"
                    + " (@RegisterExtension static final PromoKafkaExtension ...)");
        }
        return started;
    }

    /** {@code bootstrap.servers} of the broker, for {@code @DynamicPropertySource} or client properties. */
    public String bootstrapServers() {
        return kafka().bootstrapServers();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (kafka == null) {
            kafka = PromoKafka.start(parts);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        PromoKafka started = kafka;
        kafka = null;
        if (started != null) {
            started.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == PromoKafka.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return kafka();
    }
}
