/**
 * promo-contracts: what promo-realtime publishes, typed for consumers. {@link com.menuca.promo.schemas.Topics}
 * lists every topic as a {@link com.menuca.promo.schemas.Topic} with its key and value serdes
 * ({@link com.menuca.promo.schemas.ChangeTopics}, {@link com.menuca.promo.schemas.derived.DerivedTopics});
 * rows and events are records in {@code cdc}, {@code derived} and {@code derived.data}; serdes for
 * configuration by class name are in {@code serde}. The JSON Schemas the records mirror are in this jar
 * under {@code catalog/}.
 */
package com.menuca.promo.schemas;
