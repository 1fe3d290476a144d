package com.menuca.promo.processor.topology;

import static com.menuca.promo.schemas.cdc.CdcTable.COUPON_USAGE_LOG;
import static com.menuca.promo.schemas.cdc.CdcTable.PROMOTIONAL_COUPONS;
import static com.menuca.promo.schemas.cdc.CdcTable.PROMOTIONAL_DEALS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.menuca.promo.processor.savings.Redemption;
import com.menuca.promo.processor.savings.SavingsAccount;
import com.menuca.promo.processor.savings.SavingsDelta;
import com.menuca.promo.processor.savings.SavingsStatement;
import com.menuca.promo.processor.store.InternalJson;
import com.menuca.promo.schemas.json.Json;
import com.menuca.promo.schemas.json.JsonSerde;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A customer's statement: their savings and latest redemptions, kept together in the savings store. */
class CustomerStatementTest {
    private static final long CUSTOMER = 7;
    /** The savings store's serde. */
    private static final JsonSerde<SavingsAccount> STORE = InternalJson.serde(SavingsAccount.class);
    private final DerivationHarness harness = new DerivationHarness();

    @AfterEach
    void close() {
        harness.close();
    }

    /** Restaurant {@code r}'s deal {@code 80 + r} and coupon {@code 10 + r} (code SAVE1r), and one with no deal ({@code 20 + r}). */
    private void restaurant(long r) {
        harness.insert(PROMOTIONAL_DEALS, Rows.deal(80 + r, r, harness.now()));
        harness.insert(PROMOTIONAL_COUPONS, Rows.coupon(10 + r, r, 80 + r, null, null, harness.now()));
        harness.insert(PROMOTIONAL_COUPONS, Rows.coupon(20 + r, r, null, null, null, harness.now()));
    }

    private ObjectNode usage(long id, long coupon, long restaurant, Instant usedAt) {
        ObjectNode row = Rows.usage(id, coupon, restaurant, CUSTOMER, usedAt);
        harness.insert(COUPON_USAGE_LOG, row);
        return row;
    }

    @Test
    void shouldListEveryRedemptionAcrossRestaurantsLatestFirstWithItsCouponAndDeal() {
        restaurant(1);
        restaurant(2);
        Instant t = harness.now();
        usage(1, 11, 1, t.minusSeconds(300));
        usage(2, 22, 2, t.minusSeconds(100));
        usage(3, 12, 2, t.minusSeconds(200));
        harness.insert(COUPON_USAGE_LOG, Rows.usage(4, 11, 1, 8, t)); // another customer's

        SavingsStatement statement = harness.statement(CUSTOMER);
        assertThat(statement.savings().redemptions()).isEqualTo(3);
        assertThat(statement.savings().totalSaved()).isEqualByComparingTo("13.50");
        assertThat(statement.latest()).extracting(Redemption::usageId).containsExactly(2L, 3L, 1L);
        Redemption latest = statement.latest().get(0);
        assertThat(latest.restaurantId()).isEqualTo(2);
        assertThat(latest.couponId()).isEqualTo(22);
        assertThat(latest.code()).isEqualTo("SAVE22");
        assertThat(latest.dealId()).isNull();
        assertThat(latest.dealTitle()).isNull();
        assertThat(latest.orderId()).isEqualTo(900_002);
        assertThat(latest.discountApplied()).isEqualByComparingTo("4.50");
        assertThat(latest.orderTotal()).isEqualByComparingTo("30.00");
        assertThat(latest.usedAt()).isEqualTo(t.minusSeconds(100));
        assertThat(statement.latest().get(1).dealTitle()).isEqualTo("Deal 82");
        assertThat(harness.statement(8).latest()).extracting(Redemption::usageId).containsExactly(4L);
    }

    @Test
    void shouldKeepTheLatestTwentyAndCountThemAll() {
        restaurant(1);
        Instant t = harness.now();
        LongStream.rangeClosed(1, 25).forEach(id -> usage(id, 11, 1, t.plusSeconds(id)));

        SavingsStatement statement = harness.statement(CUSTOMER);
        assertThat(statement.savings().redemptions()).isEqualTo(25);
        assertThat(statement.latest()).hasSize(SavingsAccount.LATEST).extracting(Redemption::usageId)
                .containsExactlyElementsOf(LongStream.iterate(25, id -> id - 1).limit(20).boxed().toList());
        // A late-arriving older row does not push a newer one out.
        usage(26, 11, 1, t.minusSeconds(3600));
        assertThat(harness.statement(CUSTOMER).latest()).extracting(Redemption::usageId).doesNotContain(26L).contains(6L);
        assertThat(harness.statement(CUSTOMER).savings().redemptions()).isEqualTo(26);
    }

    @Test
    void shouldTakeARefundedRowOffAndShowACorrectedOneOnce() {
        restaurant(1);
        Instant t = harness.now();
        ObjectNode refunded = usage(1, 11, 1, t.minusSeconds(60));
        ObjectNode corrected = usage(2, 11, 1, t.minusSeconds(30));
        usage(3, 11, 1, t);

        harness.delete(COUPON_USAGE_LOG, refunded);
        harness.update(COUPON_USAGE_LOG, corrected, Rows.with(Rows.with(corrected, "coupon_id", 21), "discount_applied", "6.00"));

        SavingsStatement statement = harness.statement(CUSTOMER);
        assertThat(statement.savings().redemptions()).isEqualTo(2);
        assertThat(statement.latest()).extracting(Redemption::usageId).containsExactly(3L, 2L);
        assertThat(statement.latest().get(1).code()).isEqualTo("SAVE21");
        assertThat(statement.latest().get(1).discountApplied()).isEqualByComparingTo("6.00");
    }

    @Test
    void shouldServeTheSavingsFieldsBesideTheLatestInOneObject() {
        restaurant(1);
        usage(1, 11, 1, harness.now());
        JsonNode json = Json.mapper().valueToTree(harness.statement(CUSTOMER));
        List<String> fields = new ArrayList<>();
        json.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("customer_id", "redemptions", "total_saved", "total_spent", "last_redeemed_at",
                "as_of", "latest");
        assertThat(json.path("total_saved").asText()).isEqualTo("4.50");
        assertThat(json.path("latest").get(0).path("used_at").asText()).isEqualTo(harness.now().toString());
        assertThat(json.path("latest").get(0).path("customer_id").asLong()).isEqualTo(CUSTOMER);
    }

    @Test
    void shouldReadAnAccountStoredBeforeItHadItsLines() throws Exception {
        for (String stored : List.of("{\"redemptions\":3,\"saved\":1.5,\"spent\":9,\"last_redeemed_at\":null}",
                // the first form of the lines: objects (dropped: the statement refills as redemptions arrive)
                "{\"redemptions\":3,\"saved\":1.5,\"spent\":9,\"last_redeemed_at\":null,\"latest\":[{\"usage_id\":1}]}")) {
            SavingsAccount old = STORE.deserializer().deserialize("t", stored.getBytes(StandardCharsets.UTF_8));
            assertThat(old.lines()).isEmpty();
            SavingsAccount next = old.plus(new SavingsDelta(CUSTOMER, 1, BigDecimal.ONE, BigDecimal.TEN, harness.now(), null));
            assertThat(next.redemptions()).isEqualTo(4);
            assertThat(next.lines()).as("a delta written before lines existed moves the totals only").isEmpty();
        }
    }

    @Test
    void shouldStoreLinesCompactlyAndServeThemAsTheyCame() throws Exception {
        restaurant(1);
        Instant usedAt = Instant.parse("2026-11-28T11:59:58.123456Z");
        usage(1, 11, 1, usedAt);
        byte[] stored = STORE.serializer().serialize("t", harness.account(CUSTOMER));
        assertThat(new String(stored, StandardCharsets.UTF_8))
                .contains("\"lines\":[[1,1,11,81,900001,\"SAVE11\",\"Deal 81\",\"4.50\",\"30.00\",1795867198123456]]");
        Redemption served = harness.statement(CUSTOMER).latest().get(0);
        assertThat(served.usedAt()).isEqualTo(usedAt);
        assertThat(served.discountApplied()).isEqualByComparingTo("4.50");
        assertThat(served.customerId()).isEqualTo(CUSTOMER);
    }
}
