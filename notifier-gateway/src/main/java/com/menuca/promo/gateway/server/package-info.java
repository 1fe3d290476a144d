/**
 * The Netty server: one initializer building the pipeline (HTTP codec, aggregator, upgrade guard,
 * WebSocket protocol, REST and static files, then the realtime protocol one handler per concern:
 * socket lifecycle, message decoding, inbound limits, protocol dispatch, joins and leaves, token
 * lifecycle, errors; the HTTP-only handlers leave on upgrade), the per-socket
 * {@link com.menuca.promo.gateway.server.Connection} with its bounded send queue, shared by those
 * handlers through a channel attribute, and one sweep for every socket's heartbeat and token timers.
 */
package com.menuca.promo.gateway.server;
