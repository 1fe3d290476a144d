/**
 * The topic catalogue ({@code catalog/topics.yaml}): every topic the system owns with its key, value
 * schema, partitions, configs, producer and event types; the JSON Schema files it names; and the
 * {@link com.menuca.promo.catalog.SchemaValidator} every module's tests use to check the
 * events they see.
 */
package com.menuca.promo.catalog;
