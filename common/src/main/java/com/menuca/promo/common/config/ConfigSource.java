package com.menuca.promo.common.config;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Where setting values come from, later layers winning: defaults, then a properties file, then
 * {@code PROMO_*} environment variables, then explicit overrides (command-line options).
 */
public final class ConfigSource {
    /** Environment variable naming the properties file, when no {@code --config} option is given. */
    public static final String CONFIG_FILE_ENV = "PROMO_CONFIG";

    private final Map<String, String> fileValues;
    private final Map<String, String> env;
    private final Map<String, String> overrides;
    private final String origin;

    private ConfigSource(Map<String, String> fileValues, Map<String, String> env,
                         Map<String, String> overrides, String origin) {
        this.fileValues = Map.copyOf(fileValues);
        this.env = Map.copyOf(env);
        this.overrides = Map.copyOf(overrides);
        this.origin = origin;
    }

    /** The process environment plus the file named by {@code configFile}, or by {@code PROMO_CONFIG}. */
    public static ConfigSource fromEnvironment(Optional<Path> configFile) {
        Map<String, String> env = System.getenv();
        Optional<Path> file = configFile.or(() -> Optional.ofNullable(env.get(CONFIG_FILE_ENV)).map(Path::of));
        return new ConfigSource(file.map(ConfigSource::readProperties).orElse(Map.of()), env, Map.of(),
                file.map(Path::toString).orElse("environment"));
    }

    /** Only the given values (tests and in-process wiring): no environment, no file. */
    public static ConfigSource of(Map<String, String> values) {
        return new ConfigSource(Map.of(), Map.of(), values, "explicit values");
    }

    /** This source with some keys set explicitly, winning over everything else. */
    public ConfigSource withOverrides(Map<String, String> more) {
        Map<String, String> merged = new HashMap<>(overrides);
        merged.putAll(more);
        return new ConfigSource(fileValues, env, merged, origin);
    }

    /** The raw text for a setting, or empty when no layer sets it. */
    public Optional<String> raw(Setting<?> setting) {
        String value = overrides.get(setting.key());
        if (value == null) {
            value = env.get(setting.envVar());
        }
        if (value == null) {
            value = fileValues.get(setting.key());
        }
        return Optional.ofNullable(value).map(String::trim);
    }

    public String origin() {
        return origin;
    }

    private static Map<String, String> readProperties(Path file) {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            props.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> values = new HashMap<>();
        props.stringPropertyNames().forEach(name -> values.put(name, props.getProperty(name)));
        return values;
    }
}
