/** Embedded PostgreSQL for dev and tests (the menuca_v3 migrations are the product's: module migrations). */
package com.menuca.promo.infra.postgres;
