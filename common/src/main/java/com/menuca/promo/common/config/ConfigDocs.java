package com.menuca.promo.common.config;

import java.util.List;

/** Renders a service's settings as the Markdown table the README carries. */
public final class ConfigDocs {
    private ConfigDocs() {
    }

    public static String markdownTable(List<Setting<?>> settings) {
        StringBuilder out = new StringBuilder("| key | environment variable | default | meaning |\n|---|---|---|---|\n");
        for (Setting<?> setting : settings) {
            out.append("| `").append(setting.key()).append("` | `").append(setting.envVar()).append("` | ")
                    .append(setting.isSecret() && setting.defaultValue().isPresent() && !setting.isPassThrough() ? "(dev secret)" : "`" + setting.defaultText() + "`")
                    .append(" | ").append(setting.description().replace("|", "\\|")).append(" |\n");
        }
        return out.toString();
    }
}
