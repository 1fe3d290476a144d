package com.menuca.promo.gateway.channel;

import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves joined channel names: the channel map of the architecture, and the original pg_notify
 * channel names as aliases of it (joining {@code restaurant_42_deal_expiring} receives exactly the
 * {@code deal_expiring} events of {@code restaurant:42:deals}).
 */
public final class ChannelNames {
    /** Events of {@code restaurant:{id}:performance}. */
    public static final String DEAL_PERFORMANCE = "deal_performance";

    private record Alias(Pattern pattern, String canonical, String event) {
    }

    private static final List<Alias> ALIASES = List.of(
            new Alias(Pattern.compile("deal_published"), "deals", "deal_published"),
            new Alias(Pattern.compile("restaurant_(\\d{1,18})_deal_published"), "restaurant:%s:deals", "deal_published"),
            new Alias(Pattern.compile("restaurant_(\\d{1,18})_deal_status"), "restaurant:%s:deals", "deal_status_changed"),
            new Alias(Pattern.compile("restaurant_(\\d{1,18})_deal_expiring"), "restaurant:%s:deals", "deal_expiring"),
            new Alias(Pattern.compile("restaurant_(\\d{1,18})_coupon_created"), "restaurant:%s:coupons", "coupon_created"),
            new Alias(Pattern.compile("restaurant_(\\d{1,18})_coupon_redeemed"), "restaurant:%s:redemptions", "coupon_redeemed"),
            new Alias(Pattern.compile("customer_(\\d{1,18})_coupon_redeemed"), "customer:%s:coupons", "coupon_redeemed"),
            new Alias(Pattern.compile("coupon_limit_reached"), "coupons:limits", "coupon_limit_reached"));

    private static final Pattern RESTAURANT = Pattern.compile("restaurant:(\\d{1,18}):([a-z_]+)");
    private static final Pattern CUSTOMER = Pattern.compile("customer:(\\d{1,18}):([a-z_]+)");

    private ChannelNames() {
    }

    public static ResolvedChannel resolve(String name) {
        for (Alias alias : ALIASES) {
            Matcher m = alias.pattern().matcher(name);
            if (m.matches()) {
                String canonical = m.groupCount() == 0 ? alias.canonical() : alias.canonical().formatted(m.group(1));
                return new ResolvedChannel(name, canonical, Set.of(alias.event()), kindOf(canonical), true);
            }
        }
        return new ResolvedChannel(name, name, Set.of(), kindOf(name), isProtected(name));
    }

    private static boolean isProtected(String name) {
        return name.equals("deals") || name.startsWith("coupons:") || name.startsWith("restaurant:")
                || name.startsWith("customer:") || name.startsWith("restaurant_") || name.startsWith("customer_");
    }

    private static ChannelKind kindOf(String canonical) {
        if (canonical.equals("deals") || canonical.equals("coupons:limits")) {
            return ChannelKind.EVENTS;
        }
        Matcher restaurant = RESTAURANT.matcher(canonical);
        if (restaurant.matches()) {
            return switch (restaurant.group(2)) {
                case "deals", "coupons", "redemptions" -> ChannelKind.EVENTS;
                case "performance", "counts" -> ChannelKind.LATEST_WINS;
                default -> ChannelKind.FREE_FORM;
            };
        }
        Matcher customer = CUSTOMER.matcher(canonical);
        if (customer.matches()) {
            return switch (customer.group(2)) {
                case "coupons" -> ChannelKind.EVENTS;
                case "savings" -> ChannelKind.LATEST_WINS;
                default -> ChannelKind.FREE_FORM;
            };
        }
        return ChannelKind.FREE_FORM;
    }
}
