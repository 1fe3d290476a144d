package com.menuca.promo.schemas.derived;

import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The platform's original {@code pg_notify} channels, each with the derived event it carries. Backends
 * that {@code LISTEN} on these names get the events from the notify bridge ({@code promo notify-bridge});
 * realtime clients may join the same names at the gateway as aliases of its channels. On an old name
 * the event is broadcast as the name says ({@link #clientEvent()}): {@code restaurant_42_deal_status}
 * carries {@code deal_status}, the others the event type's own name.
 */
public enum NotifyChannel {
    DEAL_PUBLISHED("deal_published", Scope.ALL, DerivedEventType.DEAL_PUBLISHED),
    RESTAURANT_DEAL_PUBLISHED("restaurant_{id}_deal_published", Scope.RESTAURANT, DerivedEventType.DEAL_PUBLISHED),
    RESTAURANT_DEAL_STATUS("restaurant_{id}_deal_status", Scope.RESTAURANT, DerivedEventType.DEAL_STATUS_CHANGED),
    RESTAURANT_DEAL_EXPIRING("restaurant_{id}_deal_expiring", Scope.RESTAURANT, DerivedEventType.DEAL_EXPIRING),
    RESTAURANT_COUPON_CREATED("restaurant_{id}_coupon_created", Scope.RESTAURANT, DerivedEventType.COUPON_CREATED),
    RESTAURANT_COUPON_REDEEMED("restaurant_{id}_coupon_redeemed", Scope.RESTAURANT, DerivedEventType.COUPON_REDEEMED),
    CUSTOMER_COUPON_REDEEMED("customer_{id}_coupon_redeemed", Scope.CUSTOMER, DerivedEventType.COUPON_REDEEMED),
    COUPON_LIMIT_REACHED("coupon_limit_reached", Scope.ALL, DerivedEventType.COUPON_LIMIT_REACHED);

    /** Whose events a channel carries: everyone's, one restaurant's, or one customer's. */
    public enum Scope { ALL, RESTAURANT, CUSTOMER }

    /** A channel name resolved: which channel, and the restaurant or customer id in it (null for {@link Scope#ALL}). */
    public record Name(NotifyChannel channel, Long id) {
    }

    private final String template;
    private final Scope scope;
    private final DerivedEventType type;
    private final Pattern pattern;

    NotifyChannel(String template, Scope scope, DerivedEventType type) {
        this.template = template;
        this.scope = scope;
        this.type = type;
        this.pattern = Pattern.compile(Pattern.quote(template).replace("{id}", "\\E(\\d{1,18})\\Q"));
    }

    /** The name with {@code {id}} where the restaurant's or customer's id goes. */
    public String template() {
        return template;
    }

    public Scope scope() {
        return scope;
    }

    /** The derived event the channel carries. */
    public DerivedEventType type() {
        return type;
    }

    /** The event name a client binds on this channel: the last words of its name. */
    public String clientEvent() {
        return this == RESTAURANT_DEAL_STATUS ? "deal_status" : type.wireName();
    }

    /** The channel's name for one restaurant or customer (the id is ignored for {@link Scope#ALL}). */
    public String name(long id) {
        return template.replace("{id}", Long.toString(id));
    }

    /** The name this channel notifies the event on, or empty when it does not carry it. */
    public Optional<String> nameFor(DerivedEvent event) {
        if (!type.wireName().equals(event.type())) {
            return Optional.empty();
        }
        return switch (scope) {
            case ALL -> Optional.of(template);
            case RESTAURANT -> Optional.of(name(event.restaurantId()));
            case CUSTOMER -> Optional.ofNullable(event.customerId()).map(this::name);
        };
    }

    /** Resolves a channel name ({@code restaurant_42_deal_status}). */
    public static Optional<Name> parse(String name) {
        return Arrays.stream(values()).map(channel -> channel.match(name)).flatMap(Optional::stream).findFirst();
    }

    private Optional<Name> match(String name) {
        Matcher m = pattern.matcher(name);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Name(this, m.groupCount() == 0 ? null : Long.valueOf(m.group(1))));
    }
}
