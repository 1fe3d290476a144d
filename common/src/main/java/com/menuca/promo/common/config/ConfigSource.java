package com.menuca.promo.common.config;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Where setting values come from, later layers winning: defaults, then a properties file, then
 * {@code PROMO_*} environment variables, then explicit overrides (command-line options).
 *
 * <p>Secrets need not sit in the environment: {@code PROMO_<KEY>_FILE} names a file whose content
 * (surrounding white space and line breaks removed) is the value, as container platforms mount secrets. Setting both
 * the variable and its {@code _FILE} twin is a mistake, reported as such.
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

    /**
     * A properties file's values and an environment given as maps, as {@link #fromEnvironment} would read
     * them (for tests and for tools that read settings from elsewhere).
     */
    public static ConfigSource layered(Map<String, String> fileValues, Map<String, String> env) {
        return new ConfigSource(fileValues, env, Map.of(), "given values");
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

    /**
     * The raw text for a setting, or empty when no layer sets it.
     *
     * @throws IllegalArgumentException when the value should come from a file that cannot be read, or is
     *                                  given both directly and by file
     */
    public Optional<String> raw(Setting<?> setting) {
        String value = overrides.get(setting.key());
        if (value == null) {
            value = fromEnvironment(setting.envVar());
        }
        if (value == null) {
            value = fileValues.get(setting.key());
        }
        return Optional.ofNullable(value).map(String::trim);
    }

    /**
     * The entries of a pass-through family ({@link Setting#passThrough}), later layers winning, names
     * without the prefix. An environment variable's name maps to a key by lower-casing it and reading
     * underscores as dots ({@code PROMO_KAFKA_SASL_MECHANISM} is {@code sasl.mechanism}); a trailing
     * {@code _FILE} reads the value from a file unless the family itself knows a name ending in
     * {@code .file}.
     *
     * @throws IllegalArgumentException when a value file cannot be read, or a key is given both ways
     */
    public Map<String, String> family(Setting<?> family) {
        String prefix = family.prefix();
        String envPrefix = Setting.envVarOf(prefix).replaceAll("_$", "") + "_";
        Map<String, String> values = new TreeMap<>();
        fileValues.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                values.put(key.substring(prefix.length()), value.trim());
            }
        });
        Map<String, String> fromEnv = new TreeMap<>();
        for (String variable : env.keySet()) {
            if (!variable.startsWith(envPrefix)) {
                continue;
            }
            String name = variable.substring(envPrefix.length()).toLowerCase(Locale.ROOT).replace('_', '.');
            boolean byFile = variable.endsWith(Setting.FILE_SUFFIX) && !family.accepts(name);
            if (byFile) {
                name = name.substring(0, name.length() - ".file".length());
            }
            if (fromEnv.containsKey(name)) {
                throw new IllegalArgumentException("both " + envPrefix + name.toUpperCase(Locale.ROOT).replace('.', '_')
                        + " and its " + Setting.FILE_SUFFIX + " twin are set; set one of them");
            }
            fromEnv.put(name, byFile ? readValueFile(variable, env.get(variable)) : env.get(variable).trim());
        }
        values.putAll(fromEnv);
        overrides.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                values.put(key.substring(prefix.length()), value.trim());
            }
        });
        return values;
    }

    /** A variable's value, or the content of the file its {@code _FILE} twin names. */
    private String fromEnvironment(String variable) {
        String direct = env.get(variable);
        String file = env.get(variable + Setting.FILE_SUFFIX);
        if (direct != null && file != null) {
            throw new IllegalArgumentException("both " + variable + " and " + variable + Setting.FILE_SUFFIX
                    + " are set; set one of them");
        }
        return file != null ? readValueFile(variable + Setting.FILE_SUFFIX, file) : direct;
    }

    private static String readValueFile(String variable, String path) {
        try {
            return Files.readString(Path.of(path.trim())).strip();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(variable + " names '" + path + "', which cannot be read ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
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
