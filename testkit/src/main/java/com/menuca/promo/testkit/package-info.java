/**
 * promo-testkit: test promo-realtime consumers in your own build without Docker. {@link
 * com.menuca.promo.testkit.PromoKafkaExtension} starts a real Kafka broker with the catalogue's topics in
 * the test's JVM (and, when asked, PostgreSQL, the capture and the processor); {@code samples} builds valid
 * rows and events, checked against the JSON Schemas.
 */
package com.menuca.promo.testkit;
