/**
 * The catalogue against a live Kafka cluster: {@link com.menuca.promo.catalog.admin.TopicInspector}
 * reports drift (missing topics, partition and config differences, owned topics not in the catalogue),
 * {@link com.menuca.promo.catalog.admin.TopicApplier} creates and updates topics to match. Used by
 * {@code promo topics apply|check}, {@code promo dev} and the capture's start-up.
 */
package com.menuca.promo.catalog.admin;
