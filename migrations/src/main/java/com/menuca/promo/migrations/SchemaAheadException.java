package com.menuca.promo.migrations;

/** The database's schema is newer than the migrations of this promo: nothing was changed. */
public final class SchemaAheadException extends RuntimeException {
    public SchemaAheadException(String message) {
        super(message);
    }
}
