/**
 * Dropping changes Debezium delivers twice (at-least-once after a capture crash) before anything is
 * counted, by their WAL position, in a store bounded by commit time.
 */
package com.menuca.promo.processor.dedup;
