/**
 * The stream processor: Kafka Streams (exactly_once_v2) deriving business events, redemption counts,
 * customer savings and live deal performance from the change topics, and serving the live
 * aggregates over HTTP. {@link com.menuca.promo.processor.ProcessorConfig} is its one typed config.
 */
package com.menuca.promo.processor;
