package com.menuca.promo.common.config;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One configuration setting: its key, how its text is parsed, its default and what it is for.
 *
 * <p>Services declare their settings as constants and read them once into a typed config record;
 * the same constants generate the documented configuration table, so docs never drift from code.
 *
 * @param <T> the parsed type
 */
public final class Setting<T> {
    private enum Presence { DEFAULTED, REQUIRED, OPTIONAL }

    private final String key;
    private final ValueParser<T> parser;
    private final T defaultValue;
    private final String description;
    private final Presence presence;
    private final boolean secret;

    private Setting(String key, ValueParser<T> parser, T defaultValue, String description,
                    Presence presence, boolean secret) {
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

    /** The same setting, masked wherever settings are printed. */
    public Setting<T> secret() {
        return new Setting<>(key, parser, defaultValue, description, presence, true);
    }

    public String key() {
        return key;
    }

    /** The environment variable that sets it: {@code PROMO_} + the key upper-cased, dots and dashes as underscores. */
    public String envVar() {
        return "PROMO_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
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
            case OPTIONAL -> "(unset)";
        };
    }

    @Override
    public String toString() {
        return key;
    }
}
