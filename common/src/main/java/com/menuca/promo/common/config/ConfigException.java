package com.menuca.promo.common.config;

import java.util.List;

/**
 * Every problem found in a service's configuration, reported at once so one restart fixes them all
 * (one problem: one line).
 */
public final class ConfigException extends RuntimeException {
    private final List<String> problems;

    public ConfigException(String service, List<String> problems) {
        super(problems.size() == 1 ? "invalid " + service + " configuration: " + problems.get(0)
                : "invalid " + service + " configuration:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
