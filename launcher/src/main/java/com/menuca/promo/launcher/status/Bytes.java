package com.menuca.promo.launcher.status;

import java.util.Locale;

/** Byte counts for people: 512 B, 3.2 MiB, 1.0 GiB. */
public final class Bytes {
    private Bytes() {
    }

    public static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
