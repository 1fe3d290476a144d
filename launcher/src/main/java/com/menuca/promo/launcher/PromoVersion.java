package com.menuca.promo.launcher;

import picocli.CommandLine;

/** The version printed by {@code promo --version}: the launcher jar's implementation version. */
public final class PromoVersion implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Promo.class.getPackage().getImplementationVersion();
        return new String[] {"promo-realtime " + (version == null ? "(development build)" : version)};
    }
}
