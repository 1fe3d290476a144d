package com.menuca.promo.harness;

import com.menuca.promo.launcher.ConfigCommand;
import com.menuca.promo.launcher.ConfigurationPage;
import com.menuca.promo.launcher.Promo;
import com.menuca.promo.launcher.PromoVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The repository's {@code ./promo}: every command of the product ({@link Promo}) plus the development
 * ones, {@code promo dev} (the whole stack on the embedded runtime), {@code bench}, {@code docs} and the
 * hidden {@code broker}. Never shipped: the product distribution runs {@link Promo} alone.
 */
@Command(name = "promo", mixinStandardHelpOptions = true, versionProvider = PromoVersion.class,
        description = "promo-realtime: PostgreSQL changes of the promotion tables, through Kafka, to live clients.",
        subcommands = DevCommand.class)
public final class DevPromo {
    /** Commands of the harness alone, added before the product's {@code help}. */
    private static final List<Class<?>> DEVELOPMENT = List.of(BenchCommand.class, DocsCommand.class, BrokerCommand.class);

    /** Names the product answers with "a development command of the harness": the harness has the real ones. */
    private static final Set<String> REPLACED = Set.of("dev", "bench", "broker", "docs", "config");

    /** The product's settings pages plus {@code promo dev}'s, in the order docs/configuration.md lists them. */
    static final List<ConfigurationPage.Service> SETTINGS_PAGES = withDev(ConfigurationPage.SERVICES);

    private DevPromo() {
    }

    public static void main(String[] args) {
        Promo.run(commandLine(), args);
    }

    /** {@code dev}, the product's commands in their order ({@code config} knowing {@code dev} too), the harness's. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new DevPromo());
        for (Map.Entry<String, CommandLine> command : Promo.commandLine().getSubcommands().entrySet()) {
            String name = command.getKey();
            if (name.equals("help")) {
                DEVELOPMENT.forEach(cli::addSubcommand);
            }
            if (name.equals("config")) {
                cli.addSubcommand(new ConfigCommand(SETTINGS_PAGES));
            } else if (!REPLACED.contains(name)) {
                cli.addSubcommand(name, command.getValue());
            }
        }
        return Promo.withSetupProblemsAsOneLine(cli);
    }

    private static List<ConfigurationPage.Service> withDev(List<ConfigurationPage.Service> product) {
        List<ConfigurationPage.Service> pages = new ArrayList<>();
        for (ConfigurationPage.Service service : product) {
            pages.add(service);
            if (service.name().equals("notify-bridge")) {
                pages.add(new ConfigurationPage.Service("dev", "`promo dev`",
                        "The embedded development stack. See [dev.md](dev.md).", DevConfig.SETTINGS));
            }
        }
        return List.copyOf(pages);
    }
}
