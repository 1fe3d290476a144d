package com.menuca.promo.launcher;

import com.menuca.promo.capture.CaptureException;
import com.menuca.promo.common.config.ConfigException;
import com.menuca.promo.common.retry.RetryExhaustedException;
import java.util.Optional;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The product's {@code promo} command: the services and the operator tools of promo-realtime, as the
 * distribution and the image ship them. The repository's {@code ./promo} adds the development commands
 * ({@code dev}, {@code bench}, {@code broker}, {@code docs}) from the harness module; here {@code dev}
 * only says where to find it.
 */
@Command(name = "promo", mixinStandardHelpOptions = true, versionProvider = PromoVersion.class,
        description = "promo-realtime: PostgreSQL changes of the promotion tables, through Kafka, to live clients.",
        subcommands = {CaptureCommand.class, ProcessCommand.class, GatewayCommand.class,
            NotifyBridgeCommand.class, TokenCommand.class, ConfigCommand.class, TopicsCommand.class, ReplayCommand.class,
            StatusCommand.class, MigrateCommand.class, AclsCommand.class, HarnessOnlyCommand.class,
            CommandLine.HelpCommand.class})
public final class Promo {

    /** Exit code of a configuration or environment problem a person must fix. */
    public static final int EXIT_SETUP_PROBLEM = 2;

    public static void main(String[] args) {
        run(commandLine(), args);
    }

    /**
     * Runs {@code cli} as the process's command and exits with its code: the log format settled and
     * java.util.logging routed to SLF4J first. The harness's {@code ./promo} runs through here too.
     */
    public static void run(CommandLine cli, String[] args) {
        Optional<String> logProblem = LogFormat.apply(System.getenv(LogFormat.VARIABLE));
        if (logProblem.isPresent()) {
            System.err.println("promo: " + logProblem.get());
            System.exit(EXIT_SETUP_PROBLEM);
        }
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        System.exit(cli.execute(args));
    }

    /** The product's command line. */
    public static CommandLine commandLine() {
        return withSetupProblemsAsOneLine(new CommandLine(new Promo()));
    }

    /** {@code cli} reporting a problem a person must fix as one line and exit code 2, not a stack trace. */
    public static CommandLine withSetupProblemsAsOneLine(CommandLine cli) {
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
