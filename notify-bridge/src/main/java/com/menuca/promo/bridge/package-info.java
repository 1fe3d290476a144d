/**
 * The optional notify bridge ({@code promo notify-bridge}): reads the stream processor's derived
 * events from Kafka (read_committed) and issues {@code NOTIFY} on the platform's original
 * {@code pg_notify} channel names, so backends written to {@code LISTEN} for them keep working with
 * no trigger on the write path. Each batch of notifications commits in one PostgreSQL transaction
 * together with the bridge's Kafka position, so a crash neither loses nor repeats one.
 */
package com.menuca.promo.bridge;
