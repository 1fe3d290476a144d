package com.menuca.promo.processor.topology;

import static com.menuca.promo.schemas.cdc.CdcTable.COUPON_USAGE_LOG;
import static com.menuca.promo.schemas.cdc.CdcTable.PROMOTIONAL_COUPONS;
import static com.menuca.promo.schemas.cdc.CdcTable.PROMOTIONAL_DEALS;
import static org.assertj.core.api.Assertions.assertThat;

import com.menuca.promo.processor.deadletter.DeadLetters;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Finding 10 of issue 12, past the intake: a record that makes a later step throw unexpectedly (here
 * the customer savings step, which has no guard of its own) goes to {@code promo.dead-letter} through
 * the topology's processing exception handler, and the records after it are still derived. Without the
 * handler the exception escapes the step (in a live processor: the stream thread is replaced and meets
 * the same record again, forever).
 */
class StepFailureTest {
    private static final long CUSTOMER = 7;
    private final DerivationHarness harness = new DerivationHarness();

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void aRecordThatFailsTheSavingsStepIsADeadLetterAndTheNextAreDerived() {
        harness.insert(PROMOTIONAL_DEALS, Rows.deal(81, 1, harness.now()));
        harness.insert(PROMOTIONAL_COUPONS, Rows.coupon(11, 1, 81L, null, null, harness.now()));
        harness.insert(COUPON_USAGE_LOG, Rows.usage(1, 11, 1, CUSTOMER, harness.now()));
        assertThat(harness.savings(CUSTOMER).redemptions()).isEqualTo(1);

        // a delta the savings step cannot add (no amount saved): a bug upstream, or a delta of another version
        harness.pipeRepartition(StoreNames.BY_CUSTOMER, ByteBuffer.allocate(Long.BYTES).putLong(CUSTOMER).array(),
                "{\"customer_id\":7,\"redemptions\":1,\"saved\":null,\"spent\":\"30.00\",\"used_at\":\"2026-11-28T12:00:00Z\"}");

        harness.insert(COUPON_USAGE_LOG, Rows.usage(2, 11, 1, CUSTOMER, harness.now().plusSeconds(1)));
        assertThat(harness.savings(CUSTOMER).redemptions()).as("the next usage is derived").isEqualTo(2);
        assertThat(harness.savings(CUSTOMER).totalSaved()).isEqualByComparingTo("9.00");

        // schema-checked as the harness reads promo.dead-letter
        assertThat(harness.deadLetters()).singleElement().satisfies(letter -> {
            assertThat(letter.reason()).isEqualTo(DeadLetters.PROCESSING_FAILED);
            assertThat(letter.stage()).isEqualTo(DeadLetters.STAGE_CUSTOMER);
            assertThat(letter.detail()).startsWith("customer: NullPointerException");
            assertThat(letter.source().topic()).endsWith(StoreNames.BY_CUSTOMER + "-repartition");
            assertThat(letter.key()).isEqualTo("7");
            assertThat(letter.value()).contains("\"saved\":null");
        });
        assertThat(harness.metric("promo.processor.dead.letters", "reason", DeadLetters.PROCESSING_FAILED)).isEqualTo(1.0);
    }
}
