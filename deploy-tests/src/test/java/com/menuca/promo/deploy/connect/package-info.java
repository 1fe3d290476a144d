/**
 * The Debezium connector for Kafka Connect ({@code infra/deploy/connect}): its settings agree with the
 * embedded capture's, and a real Connect worker running it writes the same topic contract.
 */
package com.menuca.promo.deploy.connect;
