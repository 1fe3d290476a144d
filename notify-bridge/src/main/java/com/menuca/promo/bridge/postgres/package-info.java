/**
 * Everything the bridge says to PostgreSQL: its schema (positions, large payloads), the advisory
 * lock that makes one instance of a bridge the active one, and the transaction that issues a batch's
 * {@code NOTIFY}s together with the position after it.
 */
package com.menuca.promo.bridge.postgres;
