/**
 * The Kafka Streams topology ({@link com.menuca.promo.processor.topology.PromoTopology#build}) and
 * its two processors: intake (parse, de-duplicate, route by restaurant) and the per-restaurant
 * derivations; plus what they share (settings, outputs, store names, metrics).
 */
package com.menuca.promo.processor.topology;
