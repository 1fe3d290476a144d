package com.menuca.promo.launcher;

import com.menuca.promo.capture.CaptureException;
import com.menuca.promo.common.config.ConfigException;
import com.menuca.promo.common.retry.RetryExhaustedException;
import java.util.Optional;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code promo} command: runs any service of promo-realtime, or the whole stack for development. */
@Command(name = "promo", mixinStandardHelpOptions = true, versionProvider = PromoVersion.class,
        description = "promo-realtime: PostgreSQL changes of the promotion tables, through Kafka, to live clients.",
        subcommands = {DevCommand.class, CaptureCommand.class, ProcessCommand.class, GatewayCommand.class, TokenCommand.class, ConfigCommand.class, BenchCommand.class, DocsCommand.class, TopicsCommand.class, ReplayCommand.class,
            StatusCommand.class, BrokerCommand.class, MigrateCommand.class, AclsCommand.class,
            CommandLine.HelpCommand.class})
public final class Promo {

    /** Exit code of a configuration or environment problem a person must fix. */
    static final int EXIT_SETUP_PROBLEM = 2;

    public static void main(String[] args) {
        Optional<String> logProblem = LogFormat.apply(System.getenv(LogFormat.VARIABLE));
        if (logProblem.isPresent()) {
            System.err.println("promo: " + logProblem.get());
            System.exit(EXIT_SETUP_PROBLEM);
        }
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Promo());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (isSetupProblem(e)) {
                commandLine.getErr().println(commandLine.getColorScheme().errorText("promo: " + oneLineIfSingle(e)));
                return EXIT_SETUP_PROBLEM;
            }
            throw e;
        });
        return cli;
    }

    /** A configuration problem alone on one line; several stay a list, one per line. */
    private static String oneLineIfSingle(Throwable e) {
        if (e instanceof ConfigException config && config.problems().size() == 1) {
            return e.getMessage().replace(":\n  - ", ": ");
        }
        return e.getMessage();
    }

    private static boolean isSetupProblem(Throwable e) {
        return e instanceof ConfigException || e instanceof CaptureException || e instanceof RetryExhaustedException
                || e instanceof com.menuca.promo.common.kafka.KafkaSetupException
                || e instanceof com.menuca.promo.migrations.SchemaAheadException
                || e instanceof IllegalArgumentException || e instanceof com.menuca.promo.gateway.GatewayException
                || e instanceof com.menuca.promo.gateway.policy.PolicyException;
    }
}
