package com.menuca.promo.common.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The values of a service's settings, parsed and checked once. Building it collects every problem
 * (missing required values, unparseable text) and throws them together in one {@link ConfigException}.
 */
public final class ResolvedSettings {
    private final Map<Setting<?>, Object> values;

    private ResolvedSettings(Map<Setting<?>, Object> values) {
        this.values = values;
    }

    public static ResolvedSettings resolve(String service, List<Setting<?>> settings, ConfigSource source) {
        Map<Setting<?>, Object> values = new HashMap<>();
        List<String> problems = new ArrayList<>();
        Set<String> declared = new HashSet<>();
        settings.forEach(setting -> declared.add(setting.key()));
        for (Setting<?> setting : settings) {
            if (setting.isPassThrough()) {
                resolveFamily(setting, declared, source, values, problems);
                continue;
            }
            Optional<String> raw;
            try {
                raw = source.raw(setting).filter(text -> !text.isEmpty());
            } catch (IllegalArgumentException e) {
                problems.add(setting.key() + ": " + e.getMessage());
                continue;
            }
            if (raw.isEmpty()) {
                if (setting.isRequired()) {
                    problems.add(setting.key() + " is required (set " + setting.envVar()
                            + " or '" + setting.key() + "' in the config file): " + setting.description());
                } else {
                    setting.defaultValue().ifPresent(value -> values.put(setting, value));
                }
                continue;
            }
            try {
                values.put(setting, setting.parser().parse(raw.get()));
            } catch (IllegalArgumentException e) {
                String shown = setting.isSecret() ? "****" : "'" + raw.get() + "'";
                problems.add(setting.key() + " = " + shown + " is invalid: " + e.getMessage()
                        + " (from " + source.origin() + ", env " + setting.envVar() + ")");
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(service, problems);
        }
        return new ResolvedSettings(values);
    }

    /** Every entry under the family's prefix except the keys declared as settings of their own. */
    private static void resolveFamily(Setting<?> family, Set<String> declared, ConfigSource source,
                                      Map<Setting<?>, Object> values, List<String> problems) {
        Map<String, String> entries = new TreeMap<>();
        try {
            source.family(family).forEach((name, value) -> {
                if (!declared.contains(family.prefix() + name) && !value.isEmpty()) {
                    entries.put(name, value);
                }
            });
        } catch (IllegalArgumentException e) {
            problems.add(family.key() + ": " + e.getMessage());
            return;
        }
        for (String name : entries.keySet()) {
            family.refusal(name).ifPresent(why -> problems.add(family.prefix() + name + " (env "
                    + Setting.envVarOf(family.prefix() + name) + ") cannot be set: " + why));
        }
        values.put(family, Collections.unmodifiableMap(entries));
    }

    /** The value, or {@code null} for an optional setting that is unset. */
    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        if (!values.containsKey(setting) && setting.isRequired()) {
            throw new IllegalStateException("setting " + setting.key() + " was not resolved");
        }
        return (T) values.get(setting);
    }
}
