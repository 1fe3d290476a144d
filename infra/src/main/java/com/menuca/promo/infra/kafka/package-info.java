/** An in-process Apache Kafka broker (KRaft) for dev and tests. */
package com.menuca.promo.infra.kafka;
