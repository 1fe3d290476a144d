package com.menuca.promo.launcher;

import com.menuca.promo.common.config.ConfigDocs;
import com.menuca.promo.common.config.Setting;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Prints every setting of a service (key, environment variable, default, meaning) as Markdown. */
@Command(name = "config", description = "Print the settings of a service as a Markdown table (capture, process, gateway, dev, tools, status, migrate).")
final class ConfigCommand implements Callable<Integer> {
    @Parameters(paramLabel = "SERVICE", description = "capture, process, gateway, dev, tools, status or migrate")
    String service;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<Setting<?>> settings = ConfigurationPage.service(service).map(ConfigurationPage.Service::settings)
                .orElseThrow(() -> new IllegalArgumentException("unknown service '" + service + "'; expected one of "
                        + String.join(", ", ConfigurationPage.SERVICES.stream().map(ConfigurationPage.Service::name).toList())));
        spec.commandLine().getOut().print(ConfigDocs.markdownTable(settings));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
