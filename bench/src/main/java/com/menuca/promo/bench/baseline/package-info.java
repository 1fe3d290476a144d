/**
 * The platform's first design, rebuilt to measure against: triggers on the five tables calling
 * {@code pg_notify}, and a relay that {@code LISTEN}s over JDBC and pushes every notification to its
 * WebSocket clients.
 */
package com.menuca.promo.bench.baseline;
