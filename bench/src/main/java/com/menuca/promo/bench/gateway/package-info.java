/**
 * {@code promo bench gateway}: many WebSocket clients (Netty, in this JVM) against {@code promo dev}
 * running in its own process, measuring delivered frames/s, commit-to-client latency, heap per idle
 * connection and CPU.
 */
package com.menuca.promo.bench.gateway;
