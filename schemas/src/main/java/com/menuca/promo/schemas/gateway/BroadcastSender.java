package com.menuca.promo.schemas.gateway;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The socket a broadcast came from: the gateway instance and the socket on it. */
public record BroadcastSender(@JsonProperty("gateway") String gateway, @JsonProperty("socket") String socket) {
}
