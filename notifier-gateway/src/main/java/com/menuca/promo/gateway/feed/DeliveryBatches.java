package com.menuca.promo.gateway.feed;

import com.menuca.promo.gateway.GatewayMetrics;
import com.menuca.promo.gateway.subscription.ChannelSession;
import com.menuca.promo.gateway.subscription.OutboundFrame;
import com.menuca.promo.gateway.subscription.Subscriber;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Collections;

/**
 * Deliveries collected while the feed processes one poll of records, then handed to each event loop
 * as one task: a socket's frames keep their order, and an event loop wakes once per poll instead of
 * once per frame. Feed thread only.
 */
final class DeliveryBatches {
    private record Delivery(ChannelSession session, OutboundFrame frame) {
    }

    private final Map<EventExecutor, List<Delivery>> pending = new IdentityHashMap<>();
    private final GatewayMetrics metrics;

    DeliveryBatches(GatewayMetrics metrics) {
        this.metrics = metrics;
    }

    void add(ChannelSession session, OutboundFrame frame) {
        pending.computeIfAbsent(session.subscriber().executor(), e -> new ArrayList<>()).add(new Delivery(session, frame));
    }

    boolean isEmpty() {
        return pending.isEmpty();
    }

    /** Submits every batch to its event loop. */
    void submit() {
        for (Map.Entry<EventExecutor, List<Delivery>> entry : pending.entrySet()) {
            List<Delivery> deliveries = entry.getValue();
            try {
                entry.getKey().execute(() -> run(deliveries));
            } catch (RuntimeException rejected) {
                deliveries.forEach(d -> ReferenceCountUtil.release(d.frame().content()));
            }
        }
        pending.clear();
    }

    private void run(List<Delivery> deliveries) {
        Set<Subscriber> touched = Collections.newSetFromMap(new IdentityHashMap<>());
        long lastCommit = -1;
        for (Delivery delivery : deliveries) {
            long commit = delivery.frame().commitMillis();
            if (commit != lastCommit) {
                metrics.delivered(commit);
                lastCommit = commit;
            }
            Subscriber subscriber = delivery.session().subscriber();
            subscriber.deliver(delivery.session(), delivery.frame());
            touched.add(subscriber);
        }
        touched.forEach(Subscriber::flush);
    }
}
