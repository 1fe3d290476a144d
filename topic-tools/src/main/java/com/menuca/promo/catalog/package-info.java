/**
 * The topic catalogue ({@code catalog/topics.yaml}): every topic the system owns with its key, value
 * schema, partitions, configs, producer and event types; and the JSON Schema files it names. The
 * tests' {@code SchemaValidator}, in this package too, is module contract-checks': the product never
 * validates at run time.
 */
package com.menuca.promo.catalog;
