package com.menuca.promo.common.config;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One configuration setting: its key, how its text is parsed, its default and what it is for.
 *
 * <p>Services declare their settings as constants and read them once into a typed config record;
 * the same constants generate the documented configuration table, so docs never drift from code.
 *
 * @param <T> the parsed type
 */
public final class Setting<T> {
    private enum Presence { DEFAULTED, REQUIRED, OPTIONAL, PASS_THROUGH }

    /** Suffix of an environment variable naming a file that holds the value ({@code PROMO_POSTGRES_PASSWORD_FILE}). */
    public static final String FILE_SUFFIX = "_FILE";

    private final String key;
    private final ValueParser<T> parser;
    private final T defaultValue;
    private final String description;
    private final Presence presence;
    private final boolean secret;
    /** For a pass-through family: why a name under the prefix is refused (empty when accepted); null otherwise. */
    private final Function<String, Optional<String>> refusal;

    private Setting(String key, ValueParser<T> parser, T defaultValue, String description,
                    Presence presence, boolean secret) {
        this(key, parser, defaultValue, description, presence, secret, null);
    }

    private Setting(String key, ValueParser<T> parser, T defaultValue, String description,
                    Presence presence, boolean secret, Function<String, Optional<String>> refusal) {
        this.refusal = refusal;
        this.key = Objects.requireNonNull(key, "key");
        this.parser = Objects.requireNonNull(parser, "parser");
        this.defaultValue = defaultValue;
        this.description = Objects.requireNonNull(description, "description");
        this.presence = presence;
        this.secret = secret;
        if (description.isBlank()) {
            throw new IllegalArgumentException("setting " + key + " needs a description");
        }
    }

    /** A setting with a default value. */
    public static <T> Setting<T> of(String key, ValueParser<T> parser, T defaultValue, String description) {
        Objects.requireNonNull(defaultValue, "defaultValue");
        return new Setting<>(key, parser, defaultValue, description, Presence.DEFAULTED, false);
    }

    /** A setting that has no default: an absent value is reported as a configuration error. */
    public static <T> Setting<T> required(String key, ValueParser<T> parser, String description) {
        return new Setting<>(key, parser, null, description, Presence.REQUIRED, false);
    }

    /** A setting that may be absent; reading it yields {@code null}. */
    public static <T> Setting<T> optional(String key, ValueParser<T> parser, String description) {
        return new Setting<>(key, parser, null, description, Presence.OPTIONAL, false);
    }

    /**
     * A family of settings another library defines, passed through as they are: every key under
     * {@code prefix} (from the file, or a {@code PROMO_} variable: {@code PROMO_KAFKA_SASL_MECHANISM}
     * is {@code kafka.sasl.mechanism}) becomes an entry of the value, its name without the prefix.
     * Keys of settings declared on their own are left out. Values are always masked when printed:
     * such families carry passwords.
     *
     * @param prefix  such as {@code kafka.}
     * @param refusal for a name (without prefix), why it may not be set here, or empty when it may
     */
    public static Setting<Map<String, String>> passThrough(String prefix, Function<String, Optional<String>> refusal,
                                                           String description) {
        if (!prefix.endsWith(".")) {
            throw new IllegalArgumentException("a pass-through prefix ends with a dot: " + prefix);
        }
        return new Setting<>(prefix + "*", text -> {
            throw new UnsupportedOperationException("a pass-through family is not parsed from one text");
        }, Map.of(), description, Presence.PASS_THROUGH, true, Objects.requireNonNull(refusal));
    }

    /** The same setting, masked wherever settings are printed. */
    public Setting<T> secret() {
        return new Setting<>(key, parser, defaultValue, description, presence, true, refusal);
    }

    /** The key; for a pass-through family its prefix followed by {@code *}. */
    public String key() {
        return key;
    }

    /**
     * The environment variable that sets it: {@code PROMO_} + the key upper-cased, dots and dashes as
     * underscores ({@code PROMO_KAFKA_*} for a pass-through family). The same name with
     * {@value #FILE_SUFFIX} appended names a file holding the value instead.
     */
    public String envVar() {
        return envVarOf(key);
    }

    /** The environment variable of any key. */
    public static String envVarOf(String key) {
        return "PROMO_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** True for a family declared with {@link #passThrough}. */
    public boolean isPassThrough() {
        return presence == Presence.PASS_THROUGH;
    }

    /** The prefix of a pass-through family ({@code kafka.}). */
    public String prefix() {
        if (!isPassThrough()) {
            throw new IllegalStateException(key + " is not a pass-through family");
        }
        return key.substring(0, key.length() - 1);
    }

    /** Whether a pass-through family accepts this name (without the prefix). */
    public boolean accepts(String name) {
        return refusal(name).isEmpty();
    }

    /** Why a pass-through family refuses this name (without the prefix); empty when it accepts it. */
    public Optional<String> refusal(String name) {
        return refusal == null ? Optional.of(key + " is not a pass-through family") : refusal.apply(name);
    }

    public ValueParser<T> parser() {
        return parser;
    }

    public Optional<T> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    public String description() {
        return description;
    }

    public boolean isSecret() {
        return secret;
    }

    public boolean isRequired() {
        return presence == Presence.REQUIRED;
    }

    /** The default as it would be written in a file, or a word saying there is none. */
    public String defaultText() {
        return switch (presence) {
            case DEFAULTED -> parser.format(defaultValue);
            case REQUIRED -> "(required)";
            case OPTIONAL, PASS_THROUGH -> "(unset)";
        };
    }

    @Override
    public String toString() {
        return key;
    }
}
