package com.menuca.promo.common.config;

import java.util.List;

/** Every problem found in a service's configuration, reported at once so one restart fixes them all. */
public final class ConfigException extends RuntimeException {
    private final List<String> problems;

    public ConfigException(String service, List<String> problems) {
        super("invalid " + service + " configuration:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
