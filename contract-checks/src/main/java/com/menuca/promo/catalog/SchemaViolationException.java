package com.menuca.promo.catalog;

import java.util.List;

/** An event does not match its topic's schema; the message names the topic, the record and every violation. */
public final class SchemaViolationException extends RuntimeException {
    private final List<String> violations;

    public SchemaViolationException(String what, List<String> violations) {
        super(what + " does not match its schema:\n  - " + String.join("\n  - ", violations));
        this.violations = List.copyOf(violations);
    }

    public List<String> violations() {
        return violations;
    }
}
