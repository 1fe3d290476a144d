package com.menuca.promo.common.ops;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * Named readiness checks of the services running in this process. The process is ready when every
 * registered check passes; {@code /ready} reports each one so an operator sees which part is not.
 */
public final class Readiness {
    private final Map<String, BooleanSupplier> checks = new ConcurrentHashMap<>();

    public void register(String name, BooleanSupplier check) {
        checks.put(name, check);
    }

    public void unregister(String name) {
        checks.remove(name);
    }

    /** Each check's current answer, by name, in name order. */
    public Map<String, Boolean> snapshot() {
        Map<String, Boolean> result = new LinkedHashMap<>();
        checks.keySet().stream().sorted().forEach(name -> result.put(name, safely(checks.get(name))));
        return result;
    }

    public boolean isReady() {
        return !checks.isEmpty() && snapshot().values().stream().allMatch(Boolean::booleanValue);
    }

    private static boolean safely(BooleanSupplier check) {
        try {
            return check != null && check.getAsBoolean();
        } catch (RuntimeException e) {
            return false;
        }
    }
}
