package com.menuca.promo.launcher;

import com.menuca.promo.common.config.Setting;
import com.menuca.promo.common.config.ValueParser;

/**
 * Where a running {@code promo dev} (the harness's) tells the tools how to reach it: {@code endpoints.json}
 * in its home directory. The product's tools read it ({@code promo status --home}); the harness writes it.
 */
public final class DevStackLocation {
    /** The file in the home directory, present while the stack runs. */
    public static final String ENDPOINTS_FILE = "endpoints.json";

    /** The dev stack's home directory. */
    public static final Setting<String> HOME = Setting.of("home", ValueParser.STRING, ".promo",
            "Directory holding the dev stack's data (PostgreSQL, Kafka, state) and endpoints.json.");

    private DevStackLocation() {
    }
}
