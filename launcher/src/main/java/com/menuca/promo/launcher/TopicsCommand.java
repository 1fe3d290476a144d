package com.menuca.promo.launcher;

import com.menuca.promo.catalog.Catalog;
import com.menuca.promo.catalog.admin.TopicAdminException;
import com.menuca.promo.catalog.admin.TopicApplier;
import com.menuca.promo.catalog.admin.TopicDrift;
import com.menuca.promo.catalog.admin.TopicInspector;
import com.menuca.promo.catalog.admin.TopicOverrides;
import com.menuca.promo.catalog.admin.TopicSpec;
import com.menuca.promo.common.kafka.KafkaErrors;
import com.menuca.promo.catalog.admin.KafkaPreflight;
import com.menuca.promo.common.kafka.KafkaSetupException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code promo topics apply|check}: the topic catalogue against any Kafka cluster. */
@Command(name = "topics", mixinStandardHelpOptions = true,
        description = {"Create and check the topics of the topic catalogue (docs/topics.md) on a Kafka cluster.",
            "Exit codes: 0 in line with the catalogue, 1 drift remains, 2 Kafka unreachable or bad arguments."},
        subcommands = {TopicsCommand.Apply.class, TopicsCommand.Check.class})
final class TopicsCommand {
    static final int DRIFT = 1;

    /** Options shared by apply and check. */
    static final class Target {
        @Mixin
        KafkaToolOptions kafka;

        @Option(names = "--overrides", paramLabel = "FILE",
                description = "YAML of this cluster's departures from the catalogue: topic -> partitions, config (e.g. a shorter retention.ms).")
        Path overrides;

        List<TopicSpec> specs(Catalog catalog) {
            return overrides == null ? TopicSpec.all(catalog) : TopicOverrides.apply(catalog, overrides);
        }
    }

    @Command(name = "apply", mixinStandardHelpOptions = true,
            description = {"Create missing topics, raise partition counts and set configs to match the catalogue.",
                "Never deletes a topic or lowers partitions; reports what it cannot fix."})
    static final class Apply implements Callable<Integer> {
        @Mixin
        Target target;

        @Option(names = "--replication-factor", paramLabel = "N",
                description = "Replication factor of created topics (default: the cluster's default.replication.factor).")
        Short replicationFactor;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            KafkaToolConfig config;
            try {
                config = target.kafka.load(spec.commandLine().getErr());
            } catch (KafkaSetupException e) {
                return failed(spec, e.getMessage());
            }
            Catalog catalog = Catalog.bundled();
            PrintWriter out = spec.commandLine().getOut();
            try (Admin admin = KafkaPreflight.admin(config.kafka(), "promo-topics", config.timeout())) {
                TopicApplier.Result result = new TopicApplier(admin, config.timeout())
                        .apply(target.specs(catalog), catalog::owns, Optional.ofNullable(replicationFactor));
                result.actions().forEach(action -> out.println(action));
                if (result.actions().stream().anyMatch(a -> a.startsWith("raised"))) {
                    out.println("note: more partitions re-map keys: a key's later events may land on another partition"
                            + " than its earlier ones.");
                }
                out.println(result.actions().isEmpty() ? "Nothing to change on " + config.kafka().describe() + "."
                        : result.actions().size() + " change(s) applied on " + config.kafka().describe() + ".");
                return report(result.remaining(), out, spec);
            } catch (TopicAdminException | KafkaSetupException e) {
                return unreachable(spec, config, e);
            }
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Report drift between the catalogue and the cluster: missing topics, partition and config",
                "differences, and topics with an owned prefix that the catalogue does not list. Changes nothing."})
    static final class Check implements Callable<Integer> {
        @Mixin
        Target target;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            KafkaToolConfig config;
            try {
                config = target.kafka.load(spec.commandLine().getErr());
            } catch (KafkaSetupException e) {
                return failed(spec, e.getMessage());
            }
            Catalog catalog = Catalog.bundled();
            try (Admin admin = KafkaPreflight.admin(config.kafka(), "promo-topics", config.timeout())) {
                List<TopicSpec> specs = target.specs(catalog);
                List<TopicDrift> drift = new TopicInspector(admin, config.timeout()).inspect(specs, catalog::owns);
                spec.commandLine().getOut().println("Checked " + specs.size() + " catalogue topics on "
                        + config.kafka().describe() + " (owned prefixes " + catalog.ownedPrefixes() + ").");
                return report(drift, spec.commandLine().getOut(), spec);
            } catch (TopicAdminException | KafkaSetupException e) {
                return unreachable(spec, config, e);
            }
        }
    }

    private static int report(List<TopicDrift> drift, PrintWriter out, CommandSpec spec) {
        if (drift.isEmpty()) {
            out.println("No drift: every topic is as the catalogue says.");
            out.flush();
            return 0;
        }
        out.println(drift.size() + " difference(s):");
        for (TopicDrift d : drift) {
            out.println("  " + d + (d.kind().fixable() ? "  -> promo topics apply fixes it"
                    : d.kind() == TopicDrift.Kind.NOT_IN_CATALOGUE ? "  -> add it to the catalogue or delete it"
                    : "  -> recreate the topic or raise the catalogue's partitions"));
        }
        out.flush();
        return DRIFT;
    }

    private static int unreachable(CommandSpec spec, KafkaToolConfig config, RuntimeException e) {
        return failed(spec, KafkaErrors.explain(e, "promo topics", config.kafka()).map(Throwable::getMessage)
                .orElse(e.getMessage() + " (bootstrap " + config.kafka().describe()
                        + "; set --bootstrap or PROMO_KAFKA_BOOTSTRAP_SERVERS)"));
    }

    /** One line on stderr, exit code 2: what failed and how to fix it. */
    private static int failed(CommandSpec spec, String message) {
        spec.commandLine().getErr().println("promo topics: " + message);
        spec.commandLine().getErr().flush();
        return Promo.EXIT_SETUP_PROBLEM;
    }
}
