package com.menuca.promo.processor.topology;

import static com.menuca.promo.schemas.cdc.CdcTable.COUPON_USAGE_LOG;
import static com.menuca.promo.schemas.cdc.CdcTable.PROMOTIONAL_DEALS;
import static org.assertj.core.api.Assertions.assertThat;

import com.menuca.promo.schemas.cdc.Op;
import com.menuca.promo.schemas.derived.DeadLetter;
import com.menuca.promo.schemas.derived.DerivedEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Records the processor cannot read go to the dead-letter topic, with why and where from, and it goes on. */
class DeadLetterTest {
    private final DerivationHarness harness = new DerivationHarness();

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void shouldDeadLetterAnUnparseableRecordByteForByteAndGoOn() {
        harness.pipeRaw(PROMOTIONAL_DEALS, "{\"id\":1}", "{not json");
        harness.insert(PROMOTIONAL_DEALS, Rows.deal(2, 42, harness.now()));

        assertThat(harness.deadLetters()).hasSize(1);
        DeadLetter letter = harness.deadLetters().get(0);
        assertThat(letter.reason()).isEqualTo("unparseable");
        assertThat(letter.detail()).contains("not a Debezium change envelope of promotional_deals");
        assertThat(letter.stage()).isEqualTo("intake");
        assertThat(letter.key()).isEqualTo("{\"id\":1}");
        assertThat(letter.value()).isEqualTo("{not json");
        assertThat(letter.source().topic()).isEqualTo(PROMOTIONAL_DEALS.topic().name());
        assertThat(letter.source().offset()).isZero();
        assertThat(letter.source().lsn()).as("unknown: the envelope is unreadable").isNull();
        assertThat(letter.failedAt()).isEqualTo(harness.now());
        assertThat(harness.events()).extracting(DerivedEvent::type).containsExactly("deal_published");
        assertThat(harness.metric("promo.processor.dead.letters", "reason", "unparseable")).isEqualTo(1);
    }

    @Test
    void shouldDeadLetterRowsThatBreakTheTableContract() {
        harness.insert(COUPON_USAGE_LOG, Rows.with(Rows.usage(1, 17, 42, 7, harness.now()), "restaurant_id", null));
        harness.insert(COUPON_USAGE_LOG, Rows.with(Rows.usage(2, 17, 42, 7, harness.now()), "discount_applied", "lots"));
        harness.pipe(PROMOTIONAL_DEALS, Op.UPDATE, null, Rows.deal(3, 42, harness.now()));
        harness.pipeRaw(PROMOTIONAL_DEALS, null, "{\"op\":\"t\",\"source\":{\"ts_ms\":1,\"table\":\"promotional_deals\",\"lsn\":5}}");

        assertThat(harness.deadLetters()).extracting(DeadLetter::reason).containsOnly("invalid_row");
        assertThat(harness.deadLetters()).extracting(DeadLetter::detail).containsExactly(
                "coupon_usage_log row: column restaurant_id is missing",
                "coupon_usage_log row: column discount_applied is not a decimal number: \"lots\"",
                "'u' change of promotional_deals without the before (is REPLICA IDENTITY FULL set on the table?) row image",
                "operation 't' on promotional_deals is not derivable (truncate and messages are not supported; "
                        + "re-derive with promo process --reset after a truncate)");
        assertThat(harness.deadLetters()).extracting(l -> l.source().lsn()).as("located in the WAL").doesNotContainNull();
        assertThat(harness.events()).isEmpty();
    }
}
