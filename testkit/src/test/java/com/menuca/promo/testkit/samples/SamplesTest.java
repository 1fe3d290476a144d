package com.menuca.promo.testkit.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.menuca.promo.catalog.SchemaViolationException;
import com.menuca.promo.schemas.ChangeTopics;
import com.menuca.promo.schemas.Topic;
import com.menuca.promo.schemas.cdc.ChangeEvent;
import com.menuca.promo.schemas.cdc.CouponUsage;
import com.menuca.promo.schemas.cdc.Op;
import com.menuca.promo.schemas.cdc.PromotionalDeal;
import com.menuca.promo.schemas.cdc.RowId;
import com.menuca.promo.schemas.derived.DerivedEvent;
import com.menuca.promo.schemas.derived.DerivedEventType;
import com.menuca.promo.schemas.derived.data.CouponRedeemed;
import com.menuca.promo.schemas.derived.data.UnknownEventData;
import com.menuca.promo.schemas.serde.ContractDeserializer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class SamplesTest {
    private final ContractDeserializer keys = new ContractDeserializer(true);
    private final ContractDeserializer values = new ContractDeserializer(false);

    @Test
    void shouldBuildAValidEventOfEveryTypeThatReadsBackAsTheSameTypedEvent() {
        for (DerivedEventType type : DerivedEventType.values()) {
            DerivedEvent event = Samples.event(type).restaurant(42).build();
            Topic<?, DerivedEvent> topic = type.topic();
            byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), event);
            Object read = values.deserialize(topic.name(), bytes);
            assertThat(read).as(type.wireName()).isEqualTo(event);
            assertThat(((DerivedEvent) read).data()).isInstanceOf(type.dataType());
        }
    }

    @Test
    void shouldBuildValidChangesOfEveryTableWithTheirKeys() {
        PromotionalDeal before = Samples.deal(5, 42);
        PromotionalDeal after = new PromotionalDeal(5, 42, before.title(), before.description(), before.dealType(),
                before.discountPercent(), before.discountAmount(), before.startsAt(), before.endsAt(), false, "paused",
                before.createdAt(), before.updatedAt());
        ChangeEvent<PromotionalDeal> update = Samples.updated(before, after);
        assertThat(update.op()).isEqualTo(Op.UPDATE);
        assertThat(update.source().table()).isEqualTo("promotional_deals");
        byte[] value = ChangeTopics.PROMOTIONAL_DEALS.valueSerde().serializer().serialize(ChangeTopics.PROMOTIONAL_DEALS.name(), update);
        assertThat(values.deserialize(ChangeTopics.PROMOTIONAL_DEALS.name(), value)).isEqualTo(update);
        assertThat(keys.deserialize(ChangeTopics.PROMOTIONAL_DEALS.name(), "{\"id\":5}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new RowId(5)).isEqualTo(Samples.keyOf(after));

        ChangeEvent<CouponUsage> usage = Samples.inserted(Samples.usage(9, 3, 42, 7));
        assertThat(usage.row().customerId()).isEqualTo(7);
        Samples.deleted(Samples.tag(1));
        Samples.inserted(Samples.tagAssociation(42, 1));
        Samples.inserted(Samples.coupon(3, 42, 5L));
        Samples.couponCounts(3, 42, 2);
        Samples.performance(42);
        Samples.savings(7, 1);
    }

    @Test
    void shouldRefuseAnEventThatBreaksTheSchema() {
        assertThatThrownBy(() -> Samples.event(DerivedEventType.COUPON_REDEEMED).eventId("not-a-uuid").build())
                .isInstanceOf(SchemaViolationException.class).hasMessageContaining("event_id");
        assertThatThrownBy(() -> Samples.event(DerivedEventType.COUPON_REDEEMED).customer(null).build())
                .isInstanceOf(SchemaViolationException.class).hasMessageContaining("customer_id");
        assertThatThrownBy(() -> Samples.event(DerivedEventType.DEAL_EXPIRED)
                .data(new CouponRedeemed(1, 2, "X", null, Samples.money("1.00"), Samples.money("2.00"), Samples.now(), null))
                .build()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DealExpired");
    }

    @Test
    void shouldReadAnEventTypeNewerThanTheLibraryAsUnknownDataAndWriteItBackUnchanged() {
        String json = "{\"event_id\":\"7f0c6f5e-8d1b-3c54-9a51-0f0d4c7a2a10\",\"type\":\"coupon_gifted\","
                + "\"occurred_at\":\"2026-12-01T10:00:00Z\",\"restaurant_id\":42,\"customer_id\":7,\"deal_id\":null,"
                + "\"coupon_id\":3,\"data\":{\"to\":8,\"note\":\"happy birthday\"},"
                + "\"source\":{\"topic\":\"menuca.menuca_v3.coupon_usage_log\",\"partition\":0,\"offset\":1,\"lsn\":5}}";
        DerivedEvent event = (DerivedEvent) values.deserialize("promo.coupon-activity", json.getBytes(StandardCharsets.UTF_8));
        assertThat(event.eventType()).isEmpty();
        assertThat(event.data()).isEqualTo(new UnknownEventData(Map.of("to", 8, "note", "happy birthday")));
        String written = new String(com.menuca.promo.schemas.derived.DerivedTopics.COUPON_ACTIVITY.valueSerde()
                .serializer().serialize("promo.coupon-activity", event), StandardCharsets.UTF_8);
        assertThat(written).contains("\"type\":\"coupon_gifted\"").contains("\"data\":{\"to\":8,\"note\":\"happy birthday\"}");
    }

    @Test
    void shouldNameTheTopicWhenAskedForOneOutsideTheContract() {
        assertThatThrownBy(() -> values.deserialize("orders", new byte[] {'{', '}'}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("orders");
    }
}
