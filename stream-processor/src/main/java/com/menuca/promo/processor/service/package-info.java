/**
 * Running the topology: Kafka Streams properties (exactly_once_v2), start-up checks and topic
 * creation from the catalogue, lifecycle and readiness, and the application reset behind
 * {@code promo process --reset}.
 */
package com.menuca.promo.processor.service;
