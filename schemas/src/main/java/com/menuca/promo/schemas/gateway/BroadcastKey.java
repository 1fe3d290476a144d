package com.menuca.promo.schemas.gateway;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Key of {@code promo.gateway.broadcasts}: the channel, so a channel's broadcasts stay in order. */
public record BroadcastKey(@JsonProperty("channel") String channel) {
}
