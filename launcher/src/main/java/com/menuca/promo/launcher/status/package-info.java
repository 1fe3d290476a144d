/** What {@code promo status} reports: replication slot lag in PostgreSQL and consumer-group lag in Kafka. */
package com.menuca.promo.launcher.status;
