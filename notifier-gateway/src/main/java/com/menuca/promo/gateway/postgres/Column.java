package com.menuca.promo.gateway.postgres;

/** A column of a captured table. */
public record Column(String name, PgType type) {
}
