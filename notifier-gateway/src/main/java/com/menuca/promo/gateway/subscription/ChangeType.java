package com.menuca.promo.gateway.subscription;

import com.menuca.promo.schemas.cdc.Op;
import java.util.Locale;
import java.util.Optional;

/** The {@code type} of a postgres_changes event, and what a binding's {@code event} selects. */
public enum ChangeType {
    INSERT, UPDATE, DELETE;

    /** The change type of a Debezium op; snapshot reads, truncates and messages are not delivered. */
    public static Optional<ChangeType> of(Op op) {
        return switch (op) {
            case CREATE -> Optional.of(INSERT);
            case UPDATE -> Optional.of(UPDATE);
            case DELETE -> Optional.of(DELETE);
            default -> Optional.empty();
        };
    }

    /** A binding's {@code event}: {@code *} (empty result: all types) or a type name, any case. */
    public static Optional<Optional<ChangeType>> parseBindingEvent(String event) {
        if (event == null || event.equals("*")) {
            return Optional.of(Optional.empty());
        }
        try {
            return Optional.of(Optional.of(valueOf(event.toUpperCase(Locale.ROOT))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
