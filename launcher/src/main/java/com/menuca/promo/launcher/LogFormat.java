package com.menuca.promo.launcher;

import java.util.Locale;
import java.util.Optional;

/**
 * {@code PROMO_LOG_FORMAT}: {@code text} (the default) or {@code json}, one JSON object per event and
 * line for a log pipeline. logback.xml picks its appender from the value; it is checked and settled
 * here, before anything logs, so a typo stops the command with one line instead of silently logging
 * nothing.
 */
final class LogFormat {
    static final String VARIABLE = "PROMO_LOG_FORMAT";

    private LogFormat() {
    }

    /**
     * Hands the format to logback (as a system property, which it reads before the environment).
     *
     * @param configured the variable's value, null when unset; blank counts as unset
     * @return the problem, when the value is neither text nor json
     */
    static Optional<String> apply(String configured) {
        String format = configured == null || configured.isBlank() ? "text" : configured.trim().toLowerCase(Locale.ROOT);
        if (!format.equals("text") && !format.equals("json")) {
            return Optional.of(VARIABLE + " must be text or json, not '" + configured + "'");
        }
        System.setProperty(VARIABLE, format);
        return Optional.empty();
    }
}
