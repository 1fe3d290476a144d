/**
 * The security suite: one integration test class per concern, each against a real gateway over
 * real sockets (the JDK's WebSocket client, realtime-js, raw TCP where a library would not send
 * the bytes), asserting what an attacker or a user would see. The classes share one embedded stack
 * ({@link com.menuca.promo.gateway.testing.GatewayStack#shared()}) and start gateways of their own
 * on it, configured as {@code promo gateway} is unless the concern is {@code promo dev}'s.
 */
package com.menuca.promo.gateway.security;
