/**
 * Each service's metrics registry, made in one place: the Prometheus registry with the JVM, GC,
 * thread and process meters every service exports, and the binding of a Kafka client's own metrics
 * (producers, consumers, admin clients, Kafka Streams) into it.
 */
package com.menuca.promo.common.metrics;
