package com.menuca.promo.gateway.channel;

import com.menuca.promo.schemas.derived.NotifyChannel;
import java.util.Optional;
import java.util.Set;

/**
 * Resolves joined channel names: the channel map of the architecture, and the original pg_notify
 * channel names ({@link NotifyChannel}) as aliases of it: joining {@code restaurant_42_deal_expiring}
 * receives exactly the {@code deal_expiring} events of {@code restaurant:42:deals}, each broadcast
 * under the event name the old channel stands for ({@code restaurant_42_deal_status} carries the
 * {@code deal_status_changed} events as {@code deal_status}).
 */
public final class ChannelNames {
    /** Events of {@code restaurant:{id}:performance}. */
    public static final String DEAL_PERFORMANCE = "deal_performance";

    private ChannelNames() {
    }

    public static ResolvedChannel resolve(String name) {
        Optional<NotifyChannel.Name> alias = NotifyChannel.parse(name);
        if (alias.isPresent()) {
            NotifyChannel old = alias.get().channel();
            String canonical = canonical(old, alias.get().id());
            return new ResolvedChannel(name, canonical, Set.of(old.type().wireName()), kindOf(canonical), true,
                    old.clientEvent());
        }
        return new ResolvedChannel(name, name, Set.of(), kindOf(name), isProtected(name), null);
    }

    /** The channel an old name is an alias of. */
    public static String canonical(NotifyChannel old, Long id) {
        return family(old).name(id);
    }

    /** The family of channels an old name is an alias in. */
    public static ChannelFamily family(NotifyChannel old) {
        return switch (old) {
            case DEAL_PUBLISHED -> ChannelFamily.DEALS;
            case RESTAURANT_DEAL_PUBLISHED, RESTAURANT_DEAL_STATUS, RESTAURANT_DEAL_EXPIRING -> ChannelFamily.RESTAURANT_DEALS;
            case RESTAURANT_COUPON_CREATED -> ChannelFamily.RESTAURANT_COUPONS;
            case RESTAURANT_COUPON_REDEEMED -> ChannelFamily.RESTAURANT_REDEMPTIONS;
            case CUSTOMER_COUPON_REDEEMED -> ChannelFamily.CUSTOMER_COUPONS;
            case COUPON_LIMIT_REACHED -> ChannelFamily.COUPON_LIMITS;
        };
    }

    private static boolean isProtected(String name) {
        return name.equals("deals") || name.startsWith("coupons:") || name.startsWith("restaurant:")
                || name.startsWith("customer:") || name.startsWith("restaurant_") || name.startsWith("customer_");
    }

    private static ChannelKind kindOf(String canonical) {
        return ChannelFamily.of(canonical).map(ChannelFamily::kind).orElse(ChannelKind.FREE_FORM);
    }
}
