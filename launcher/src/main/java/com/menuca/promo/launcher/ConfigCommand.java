package com.menuca.promo.launcher;

import com.menuca.promo.capture.CaptureConfig;
import com.menuca.promo.common.config.ConfigDocs;
import com.menuca.promo.common.config.Setting;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Prints every setting of a service (key, environment variable, default, meaning) as Markdown. */
@Command(name = "config", description = "Print the settings of a service as a Markdown table (capture, process, gateway, dev, tools, status).")
final class ConfigCommand implements Callable<Integer> {
    /** Every service's settings, by the name users type. */
    static final Map<String, List<Setting<?>>> SERVICES = Map.of(
            "capture", CaptureConfig.SETTINGS,
            "process", com.menuca.promo.processor.ProcessorConfig.SETTINGS,
            "gateway", com.menuca.promo.gateway.GatewayConfig.SETTINGS,
            "dev", DevConfig.SETTINGS,
            "tools", KafkaToolConfig.SETTINGS,
            "status", StatusConfig.SETTINGS);

    @Parameters(paramLabel = "SERVICE", description = "capture, process, gateway, dev, tools or status")
    String service;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<Setting<?>> settings = SERVICES.get(service);
        if (settings == null) {
            throw new IllegalArgumentException("unknown service '" + service + "'; expected one of "
                    + String.join(", ", SERVICES.keySet().stream().sorted().toList()));
        }
        spec.commandLine().getOut().print(ConfigDocs.markdownTable(settings));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
