/**
 * What the gateway knows of the five captured tables without asking PostgreSQL: their columns and
 * PostgreSQL type names (sent to clients in {@code columns[]}, used to compare filter values), and
 * the conversion of a Debezium change envelope into a {@code postgres_changes} payload.
 */
package com.menuca.promo.gateway.postgres;
