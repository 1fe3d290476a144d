/** Embedded PostgreSQL for dev and tests, and the menuca_v3 schema migrations. */
package com.menuca.promo.infra.postgres;
