package com.menuca.promo.processor.topology;

import com.menuca.promo.processor.cdc.CdcChange;
import com.menuca.promo.processor.counts.CountsBoard;
import com.menuca.promo.processor.counts.TallyBook;
import com.menuca.promo.processor.coupon.CouponBook;
import com.menuca.promo.processor.coupon.CouponDerivation;
import com.menuca.promo.processor.coupon.CustomerUsageBook;
import com.menuca.promo.processor.coupon.PendingUsages;
import com.menuca.promo.processor.coupon.UsageDerivation;
import com.menuca.promo.processor.deadletter.DeadLetters;
import com.menuca.promo.processor.deal.DealBook;
import com.menuca.promo.processor.deal.DealDerivation;
import com.menuca.promo.processor.expiry.DueTimers;
import com.menuca.promo.processor.expiry.ExpiryPlan;
import com.menuca.promo.processor.expiry.TimerIndex;
import com.menuca.promo.processor.performance.PerformanceBoard;
import com.menuca.promo.processor.performance.PerformanceCalculator;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Second step, per restaurant partition: every derivation of a restaurant's deals, coupons and usage,
 * plus a wall-clock punctuation that fires due timers, gives up on usage that waited too long for its
 * coupon, and publishes due performance and counts. A change whose derivation throws goes to the dead-letter
 * topic; the processor goes on.
 */
final class RestaurantProcessor implements Processor<Long, CdcChange, String, Emit> {
    private static final Logger LOGGER = LoggerFactory.getLogger(RestaurantProcessor.class);
    /** How often timers, waiting usage and performance are looked at. */
    static final Duration TICK = Duration.ofSeconds(1);

    private final DerivationSettings settings;
    private final DerivationMetrics metrics;
    private ContextOutputs outputs;
    private ProcessorContext<String, Emit> context;
    private TimerIndex timers;
    private DealDerivation deals;
    private CouponDerivation coupons;
    private UsageDerivation usage;
    private PerformanceBoard performance;
    private CountsBoard counts;
    private long countsPublishedMs;

    RestaurantProcessor(DerivationSettings settings, DerivationMetrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Emit> context) {
        this.context = context;
        outputs = new ContextOutputs(context);
        DealBook dealBook = DealBook.writable(context.getStateStore(StoreNames.DEALS));
        TallyBook tallies = TallyBook.writable(context.getStateStore(StoreNames.TALLIES), settings.zones());
        CouponBook couponBook = new CouponBook(context.getStateStore(StoreNames.COUPONS));
        CustomerUsageBook customers = new CustomerUsageBook(context.getStateStore(StoreNames.CUSTOMER_USAGE));
        ExpiryPlan plan = new ExpiryPlan(settings.expiryHorizons());
        timers = new TimerIndex(context.getStateStore(StoreNames.TIMERS));
        counts = new CountsBoard(context.getStateStore(StoreNames.COUNTS_DUE), tallies, (restaurantId, couponId) ->
                Optional.ofNullable(couponBook.get(restaurantId, couponId)).map(c ->
                        new CountsBoard.CouponLimit(c.row().usageLimit(), c.limitReached())), outputs);
        performance = new PerformanceBoard(context.getStateStore(StoreNames.PERFORMANCE_MARKS),
                new PerformanceCalculator(dealBook, tallies, settings.topDeals()), settings.zones(), counts, outputs,
                settings.publishInterval());
        usage = new UsageDerivation(couponBook, dealBook, tallies, customers,
                new PendingUsages(context.getStateStore(StoreNames.PENDING_USAGE)), performance, counts, outputs, metrics,
                settings.referenceWait());
        deals = new DealDerivation(dealBook, tallies, timers, plan, performance, usage, counts, outputs);
        coupons = new CouponDerivation(couponBook, tallies, customers, timers, plan, usage, counts, outputs);
        Duration tick = settings.publishInterval().compareTo(TICK) < 0 ? settings.publishInterval() : TICK;
        context.schedule(tick, PunctuationType.WALL_CLOCK_TIME, this::tick);
    }

    @Override
    public void process(Record<Long, CdcChange> record) {
        CdcChange change = record.value();
        outputs.at(record.timestamp());
        try {
            switch (change.table()) {
                case PROMOTIONAL_DEALS -> deals.apply(change);
                case PROMOTIONAL_COUPONS -> coupons.apply(change);
                case COUPON_USAGE_LOG -> usage.apply(change, context.recordMetadata().map(m -> m.offset()).orElse(0L));
                default -> LOGGER.debug("No derivation from {}", change.table());
            }
        } catch (RuntimeException e) {
            // A bug or unexpected data must not stop every other restaurant: park the change where a person sees it.
            LOGGER.error("Derivation of {} failed; sent to the dead-letter topic", change.walPosition(), e);
            metrics.deadLetter(DeadLetters.PROCESSING_FAILED);
            outputs.deadLetter(DeadLetters.failed(DeadLetters.PROCESSING_FAILED,
                    e.getClass().getSimpleName() + ": " + e.getMessage(), change, outputs.now()));
        }
    }

    private void tick(long wallClockMs) {
        Instant now = Instant.ofEpochMilli(wallClockMs);
        outputs.at(wallClockMs);
        for (DueTimers.Decision decision : DueTimers.decide(timers.takeDue(now), now)) {
            try {
                if (decision.scheduled().timer().kind().entityType().equals("deal")) {
                    deals.onTimer(decision.scheduled(), decision.announce(), now);
                } else {
                    coupons.onTimer(decision.scheduled(), decision.announce());
                }
            } catch (RuntimeException e) {
                LOGGER.error("Timer {} of {} failed and is dropped", decision.scheduled().timer().id(),
                        decision.scheduled().timer().entity(), e);
            }
        }
        usage.expireWaiting(now);
        performance.publishDue(now);
        if (wallClockMs - countsPublishedMs >= settings.publishInterval().toMillis()) {
            counts.publish(now);
            countsPublishedMs = wallClockMs;
        }
    }
}
