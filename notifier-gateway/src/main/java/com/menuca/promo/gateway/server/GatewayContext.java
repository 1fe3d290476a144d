package com.menuca.promo.gateway.server;

import com.menuca.promo.gateway.GatewayConfig;
import com.menuca.promo.gateway.GatewayMetrics;
import com.menuca.promo.gateway.auth.TokenVerifier;
import com.menuca.promo.gateway.cluster.ClusterLink;
import com.menuca.promo.gateway.feed.SessionFeed;
import com.menuca.promo.gateway.policy.Policy;
import com.menuca.promo.gateway.ratelimit.ConnectionLimiter;
import com.menuca.promo.gateway.resume.PositionKey;
import com.menuca.promo.gateway.resume.Replayer;

/**
 * What every socket's handlers share: configuration, token verifier, policy, feed, replays, metrics,
 * limits, open sockets, and the link with the other gateways (presence, client broadcasts).
 */
public record GatewayContext(GatewayConfig config, TokenVerifier verifier, Policy policy, SessionFeed feed,
                             Replayer replayer, GatewayMetrics metrics, ConnectionLimiter limiter,
                             OpenSockets sockets, PositionKey positions, ClusterLink cluster) {
}
