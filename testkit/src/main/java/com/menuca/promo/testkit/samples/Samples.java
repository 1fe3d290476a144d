package com.menuca.promo.testkit.samples;

import com.menuca.promo.catalog.SchemaValidator;
import com.menuca.promo.schemas.ChangeTopics;
import com.menuca.promo.schemas.Topic;
import com.menuca.promo.schemas.cdc.ChangeEvent;
import com.menuca.promo.schemas.cdc.ChangeSource;
import com.menuca.promo.schemas.cdc.CouponUsage;
import com.menuca.promo.schemas.cdc.MarketingTag;
import com.menuca.promo.schemas.cdc.Op;
import com.menuca.promo.schemas.cdc.PromotionalCoupon;
import com.menuca.promo.schemas.cdc.PromotionalDeal;
import com.menuca.promo.schemas.cdc.RestaurantTagAssociation;
import com.menuca.promo.schemas.cdc.RowId;
import com.menuca.promo.schemas.cdc.TagAssociationKey;
import com.menuca.promo.schemas.derived.AmountsByPeriod;
import com.menuca.promo.schemas.derived.CountsByPeriod;
import com.menuca.promo.schemas.derived.CountsScope;
import com.menuca.promo.schemas.derived.CustomerSavings;
import com.menuca.promo.schemas.derived.DealPerformance;
import com.menuca.promo.schemas.derived.DerivedEventType;
import com.menuca.promo.schemas.derived.DerivedTopics;
import com.menuca.promo.schemas.derived.RedemptionCounts;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Valid sample rows, changes and derived values for consumer tests: every value this class returns has
 * been checked against the topic's JSON Schema (the one in promo-contracts), so a test that feeds them
 * to a consumer tests it with what the pipeline can really publish. Change the parts a test cares about
 * with the records' constructors or the {@link DerivedEventBuilder}; whatever is built is validated again.
 *
 * <pre>{@code
 * ChangeEvent<CouponUsage> redemption = Samples.inserted(Samples.usage(501, 17, 42, 7));
 * DerivedEvent redeemed = Samples.event(DerivedEventType.COUPON_REDEEMED).restaurant(42).customer(7).build();
 * }</pre>
 */
public final class Samples {
    private static final AtomicLong POSITION = new AtomicLong(0x1_0000_0000L);

    private Samples() {
    }

    /** Now, at PostgreSQL's microsecond precision. */
    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    static BigDecimal money(String amount) {
        return new BigDecimal(amount);
    }

    /** A live percent deal of the restaurant: 10 % off, started an hour ago, ending in a day. */
    public static PromotionalDeal deal(long id, long restaurantId) {
        Instant now = now();
        return new PromotionalDeal(id, restaurantId, "Sample deal " + id, null, "percent", money("10.00"), null,
                now.minus(1, ChronoUnit.HOURS), now.plus(1, ChronoUnit.DAYS), true, "active", now, now);
    }

    /** An active coupon of the restaurant: 10 % off, 100 uses, one per customer, valid for a day. */
    public static PromotionalCoupon coupon(long id, long restaurantId, Long dealId) {
        Instant now = now();
        return new PromotionalCoupon(id, restaurantId, dealId, "SAVE" + id, "percent", money("10.00"), 100, 1,
                now.minus(1, ChronoUnit.HOURS), now.plus(1, ChronoUnit.DAYS), true, now, now);
    }

    public static MarketingTag tag(long id) {
        return new MarketingTag(id, "Sample tag " + id, "sample-tag-" + id, now());
    }

    public static RestaurantTagAssociation tagAssociation(long restaurantId, long tagId) {
        return new RestaurantTagAssociation(restaurantId, tagId, now());
    }

    /** A redemption of the coupon: 4.50 off an order of 30.00, now. */
    public static CouponUsage usage(long id, long couponId, long restaurantId, long customerId) {
        return new CouponUsage(id, couponId, restaurantId, customerId, 10_000 + id, money("4.50"), money("30.00"), now());
    }

    /** The row inserted: op {@code c}, committed now. */
    public static <R> ChangeEvent<R> inserted(R row) {
        return change(Op.CREATE, null, row);
    }

    /** The row updated from {@code before} to {@code after}: op {@code u}. */
    public static <R> ChangeEvent<R> updated(R before, R after) {
        return change(Op.UPDATE, before, after);
    }

    /** The row deleted: op {@code d}, the whole old row in {@code before}. */
    public static <R> ChangeEvent<R> deleted(R row) {
        return change(Op.DELETE, row, null);
    }

    private static <R> ChangeEvent<R> change(Op op, R before, R after) {
        Object row = after != null ? after : before;
        Table<?> table = Table.of(row);
        long lsn = POSITION.addAndGet(64);
        long committed = System.currentTimeMillis();
        ChangeEvent<R> change = new ChangeEvent<>(op, before, after, new ChangeSource("3.6.1.Final", "postgresql",
                "menuca", committed, "false", "promo",
                "menuca_v3", table.name, lsn / 64, lsn), committed + 1);
        table.requireValid(change);
        return change;
    }

    /** The key a change of this row is published under. */
    public static Object keyOf(Object row) {
        return Table.of(row).keyOf(row);
    }

    /**
     * Sample {@code data} of the event type (the record {@link DerivedEventType#dataType()} names), for tests
     * that build the envelope themselves; not checked on its own (only a whole event has a schema).
     */
    public static com.menuca.promo.schemas.derived.data.EventData data(DerivedEventType type) {
        return DerivedEventBuilder.sampleData(type, now(), 1L, 1L);
    }

    /** A builder of a valid derived event of the type, with sample ids and data. */
    public static DerivedEventBuilder event(DerivedEventType type) {
        return new DerivedEventBuilder(type);
    }

    /** The latest counts of a coupon with {@code total} redemptions (all of them today and in the last hour). */
    public static RedemptionCounts couponCounts(long couponId, long restaurantId, long total) {
        BigDecimal discount = money("4.50").multiply(BigDecimal.valueOf(total));
        BigDecimal revenue = money("30.00").multiply(BigDecimal.valueOf(total));
        RedemptionCounts counts = new RedemptionCounts(CountsScope.COUPON, couponId, restaurantId,
                new CountsByPeriod(total, total, total), new AmountsByPeriod(discount, discount, discount),
                new AmountsByPeriod(revenue, revenue, revenue), LocalDate.now(ZoneOffset.UTC), "UTC", 100, total >= 100,
                now());
        requireValid(DerivedTopics.REDEMPTION_COUNTS, counts.key(), counts);
        return counts;
    }

    /** A restaurant's performance with no live deal and no redemption yet. */
    public static DealPerformance performance(long restaurantId) {
        DealPerformance performance = new DealPerformance(restaurantId, LocalDate.now(ZoneOffset.UTC), "UTC", 0,
                CountsByPeriod.ZERO, AmountsByPeriod.ZERO, AmountsByPeriod.ZERO, List.of(), List.of(), List.of(), now());
        requireValid(DerivedTopics.DEAL_PERFORMANCE, performance.key(), performance);
        return performance;
    }

    /** A customer who has redeemed {@code redemptions} coupons, 4.50 off 30.00 each. */
    public static CustomerSavings savings(long customerId, long redemptions) {
        BigDecimal n = BigDecimal.valueOf(redemptions);
        CustomerSavings savings = new CustomerSavings(customerId, redemptions, money("4.50").multiply(n),
                money("30.00").multiply(n), redemptions == 0 ? null : now(), now());
        requireValid(DerivedTopics.CUSTOMER_SAVINGS, savings.key(), savings);
        return savings;
    }

    /**
     * Checks a key and value against the topic's JSON Schemas, as written by the topic's serdes.
     *
     * @throws com.menuca.promo.catalog.SchemaViolationException listing every violation
     */
    public static <K, V> void requireValid(Topic<K, V> topic, K key, V value) {
        byte[] keyBytes = topic.keySerde().serializer().serialize(topic.name(), key);
        byte[] valueBytes = topic.valueSerde().serializer().serialize(topic.name(), value);
        SchemaValidator.bundled().requireValid(topic.name(), text(keyBytes), text(valueBytes));
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    /** What a row type's change topic is and how its key is made. */
    private record Table<R>(String name, Class<R> rowType, Topic<Object, ChangeEvent<R>> topic, Function<R, Object> key) {
        @SuppressWarnings("unchecked")
        private static <R> Table<R> of(String name, Class<R> rowType, Topic<?, ChangeEvent<R>> topic, Function<R, Object> key) {
            return new Table<>(name, rowType, (Topic<Object, ChangeEvent<R>>) topic, key);
        }

        private static final List<Table<?>> ALL = List.of(
                of("promotional_deals", PromotionalDeal.class, ChangeTopics.PROMOTIONAL_DEALS, r -> new RowId(r.id())),
                of("promotional_coupons", PromotionalCoupon.class, ChangeTopics.PROMOTIONAL_COUPONS, r -> new RowId(r.id())),
                of("marketing_tags", MarketingTag.class, ChangeTopics.MARKETING_TAGS, r -> new RowId(r.id())),
                of("restaurant_tag_associations", RestaurantTagAssociation.class, ChangeTopics.RESTAURANT_TAG_ASSOCIATIONS,
                        r -> new TagAssociationKey(r.restaurantId(), r.tagId())),
                of("coupon_usage_log", CouponUsage.class, ChangeTopics.COUPON_USAGE_LOG, r -> new RowId(r.id())));

        @SuppressWarnings("unchecked")
        static <R> Table<R> of(Object row) {
            if (row == null) {
                throw new IllegalArgumentException("a change needs a row");
            }
            return (Table<R>) ALL.stream().filter(t -> t.rowType.isInstance(row)).findFirst().orElseThrow(() ->
                    new IllegalArgumentException(row.getClass().getName() + " is not a row record of promo-contracts"));
        }

        Object keyOf(Object row) {
            return key.apply(rowType.cast(row));
        }

        void requireValid(ChangeEvent<?> change) {
            @SuppressWarnings("unchecked")
            ChangeEvent<R> typed = (ChangeEvent<R>) change;
            Samples.requireValid(topic, keyOf(typed.row()), typed);
        }
    }
}
