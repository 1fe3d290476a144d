package com.menuca.promo.launcher;

import com.menuca.promo.common.config.ConfigDocs;
import com.menuca.promo.common.config.Setting;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Prints every setting of a service (key, environment variable, default, meaning) as Markdown. The
 * harness's {@code ./promo} makes one that knows {@code dev} too.
 */
@Command(name = "config", description = "Print the settings of a service as a Markdown table (capture, process, gateway, notify-bridge,"
        + " tools, status, migrate; dev in a checkout's ./promo).")
public final class ConfigCommand implements Callable<Integer> {
    private final List<ConfigurationPage.Service> services;

    @Parameters(paramLabel = "SERVICE", description = "capture, process, gateway, notify-bridge, tools, status or migrate (dev in a checkout's ./promo)")
    String service;

    @Spec
    CommandSpec spec;

    /** The product's services. */
    ConfigCommand() {
        this(ConfigurationPage.SERVICES);
    }

    /** @param services those {@code promo config SERVICE} knows */
    public ConfigCommand(List<ConfigurationPage.Service> services) {
        this.services = List.copyOf(services);
    }

    @Override
    public Integer call() {
        List<Setting<?>> settings = services.stream().filter(s -> s.name().equals(service)).findFirst()
                .map(ConfigurationPage.Service::settings)
                .orElseThrow(() -> new IllegalArgumentException("unknown service '" + service + "'; expected one of "
                        + String.join(", ", services.stream().map(ConfigurationPage.Service::name).toList())));
        spec.commandLine().getOut().print(ConfigDocs.markdownTable(settings));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
