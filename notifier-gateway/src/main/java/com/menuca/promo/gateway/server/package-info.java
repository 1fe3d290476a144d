/**
 * The Netty server: one initializer building the pipeline (HTTP codec, aggregator, REST and static
 * files, upgrade guard, WebSocket protocol, idle timeout, realtime protocol), one handler per
 * concern, and the per-socket {@link com.menuca.promo.gateway.server.Connection} with its bounded
 * send queue.
 */
package com.menuca.promo.gateway.server;
