/**
 * Warming the processor's hot path at start: its own topology run on synthetic changes, with throw-away
 * state and output, before Kafka Streams consumes live changes (setting {@code processor.warmup.duration}).
 */
package com.menuca.promo.processor.warmup;
