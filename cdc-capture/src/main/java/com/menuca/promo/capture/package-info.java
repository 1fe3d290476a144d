/**
 * cdc-capture: streams every change of the five {@code menuca_v3} promotion tables from the
 * PostgreSQL WAL (logical replication, pgoutput) into Kafka with the Debezium embedded engine.
 */
package com.menuca.promo.capture;
