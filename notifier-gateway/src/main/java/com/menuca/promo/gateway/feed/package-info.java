/**
 * Reading Kafka: the change topics of the five tables and the stream processor's derived topics,
 * consumed by one feed thread that also owns the subscription index, so that a join is registered
 * at an exact stream position and every event is matched and encoded once.
 */
package com.menuca.promo.gateway.feed;
