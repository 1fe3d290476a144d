/** Retrying start-up operations (connecting to PostgreSQL or Kafka) with logged exponential backoff. */
package com.menuca.promo.common.retry;
