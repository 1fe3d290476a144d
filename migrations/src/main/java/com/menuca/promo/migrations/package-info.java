/**
 * The menuca_v3 schema: its Flyway migrations ({@code db/migration}) and the migrator that applies
 * them ({@code promo migrate}, and {@code promo dev} on its embedded PostgreSQL).
 */
package com.menuca.promo.migrations;
