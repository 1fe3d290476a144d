/**
 * Kafka serdes of every contract type, each with a no-argument constructor so Kafka or Spring can create
 * it by class name ({@code value.deserializer}, {@code spring.kafka.consumer.value-deserializer},
 * {@code default.value.serde}). Each class is serializer, deserializer and serde at once.
 * {@link com.menuca.promo.schemas.serde.ContractDeserializer} picks the type by topic, for consumers of
 * several topics.
 */
package com.menuca.promo.schemas.serde;
