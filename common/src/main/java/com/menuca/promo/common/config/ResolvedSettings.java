package com.menuca.promo.common.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
        for (Setting<?> setting : settings) {
            var raw = source.raw(setting).filter(text -> !text.isEmpty());
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

    /** The value, or {@code null} for an optional setting that is unset. */
    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        if (!values.containsKey(setting) && setting.isRequired()) {
            throw new IllegalStateException("setting " + setting.key() + " was not resolved");
        }
        return (T) values.get(setting);
    }
}
