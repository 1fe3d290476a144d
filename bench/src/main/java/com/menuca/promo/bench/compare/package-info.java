/**
 * {@code promo bench notify}: our pipeline (logical replication, Kafka, the gateway) side by side with
 * the pg_notify design it replaces, on the same machine, data and run.
 */
package com.menuca.promo.bench.compare;
