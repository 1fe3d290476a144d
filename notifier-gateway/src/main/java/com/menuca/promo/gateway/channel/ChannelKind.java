package com.menuca.promo.gateway.channel;

/** How a channel's broadcast events behave. */
public enum ChannelKind {
    /** No broadcast source: only postgres_changes subscriptions (any name not in the channel map). */
    FREE_FORM,
    /** Every event is delivered, in order. */
    EVENTS,
    /** Only the latest value per key matters: sent on join, then changes, coalesced for slow clients. */
    LATEST_WINS
}
