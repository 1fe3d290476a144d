package com.menuca.promo.catalog;

import java.util.List;

/** The catalogue or a schema file it names is missing or wrong; the message lists every problem. */
public final class CatalogException extends RuntimeException {
    private final List<String> problems;

    public CatalogException(String where, List<String> problems) {
        super(where + " has " + problems.size() + (problems.size() == 1 ? " problem" : " problems") + ":\n  - "
                + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
