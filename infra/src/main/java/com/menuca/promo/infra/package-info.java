/** The embedded dev runtime and its helpers: PostgreSQL, Kafka, demo data, traffic simulation. */
package com.menuca.promo.infra;
