package com.menuca.promo.launcher;

import com.menuca.promo.common.config.ConfigSource;
import com.menuca.promo.common.kafka.KafkaErrors;
import com.menuca.promo.catalog.admin.KafkaPreflight;
import com.menuca.promo.common.kafka.KafkaReachability;
import com.menuca.promo.common.kafka.KafkaSettings;
import com.menuca.promo.common.kafka.KafkaSetupException;
import com.menuca.promo.launcher.status.Bytes;
import com.menuca.promo.launcher.status.GroupLag;
import com.menuca.promo.launcher.status.PipelineStatus;
import com.menuca.promo.launcher.status.SlotLag;
import com.menuca.promo.schemas.json.Json;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code promo status}: replication slot lag in PostgreSQL and consumer lag per service in Kafka, with
 * a warning when a slot holds too much WAL or a service falls behind. Exit code 0 when all is well,
 * 1 with warnings, 2 when PostgreSQL or Kafka cannot be reached.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show replication slot lag (WAL PostgreSQL must keep) and consumer-group lag per service.",
            "Endpoints as for `promo capture` (PROMO_* variables, --config), or a running promo dev's (--home,",
            "$PROMO_HOME or .promo) unless --bootstrap is given.",
            "Exit code: 0 fine, 1 warnings, 2 PostgreSQL or Kafka unreachable."})
final class StatusCommand implements Callable<Integer> {
    static final int EXIT_WARNINGS = 1;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file with settings (see `promo config status`).")
    Path configFile;

    @Option(names = "--home", paramLabel = "DIR",
            description = "Use the promo dev stack running from DIR (default: $PROMO_HOME, else .promo, when one runs there).")
    Path home;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
            description = "Kafka brokers; with it, the configured PostgreSQL and Kafka are checked even when a promo dev runs.")
    String bootstrap;

    @Option(names = "--slot-lag-warn-mb", paramLabel = "MIB", description = "Warn above this much retained WAL (default 1024).")
    Long slotLagWarnMb;

    @Option(names = "--json", description = "Print the status as JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Map<String, String> overrides = new java.util.HashMap<>();
        if (slotLagWarnMb != null) {
            overrides.put(StatusConfig.SLOT_LAG_WARN_MB.key(), slotLagWarnMb.toString());
        }
        if (bootstrap != null) {
            overrides.put(KafkaSettings.BOOTSTRAP_SERVERS.key(), bootstrap);
        }
        ConfigSource source = ConfigSource.fromEnvironment(Optional.ofNullable(configFile)).withOverrides(overrides);
        StatusConfig config = StatusConfig.load(source);
        if (bootstrap == null) {
            Optional<DevStackEndpoints> dev = DevStackEndpoints.find(home, source);
            if (dev.isPresent()) {
                spec.commandLine().getErr().println("Using the promo dev stack of " + dev.get().home() + ".");
                spec.commandLine().getErr().flush();
                config = config.at(dev.get().postgres(), dev.get().kafka());
            }
        }
        List<String> problems = new ArrayList<>();
        List<SlotLag> slots = null;
        try (Connection connection = config.postgres().connect()) {
            slots = SlotLag.read(connection);
        } catch (Exception e) {
            problems.add("PostgreSQL " + config.postgres().describe() + " unreachable: " + e.getMessage());
        }
        List<GroupLag> groups = null;
        try {
            KafkaReachability.require(config.kafka(), KafkaToolOptions.REACH_TIMEOUT,
                    "Fix: start it, or set --bootstrap or PROMO_KAFKA_BOOTSTRAP_SERVERS.");
            try (Admin admin = KafkaPreflight.admin(config.kafka(), "promo-status", TIMEOUT)) {
                groups = GroupLag.read(admin, TIMEOUT);
            }
        } catch (KafkaSetupException e) {
            problems.add(e.getMessage());
        } catch (Exception e) {
            StatusConfig used = config;
            problems.add(KafkaErrors.explain(e, "promo status", config.kafka()).map(Throwable::getMessage)
                    .orElse("Kafka " + used.kafka().describe() + " unreachable: " + e.getMessage()));
        }
        PipelineStatus status = new PipelineStatus(config.postgres().describe(), config.kafka().describe(), slots, groups,
                PipelineStatus.warnings(slots, groups, config.slotLagWarnBytes(), config.consumerLagWarnRecords()), problems);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(status));
        } else {
            print(status, out);
        }
        out.flush();
        if (!problems.isEmpty()) {
            return Promo.EXIT_SETUP_PROBLEM;
        }
        return status.warnings().isEmpty() ? 0 : EXIT_WARNINGS;
    }

    private static void print(PipelineStatus status, PrintWriter out) {
        out.println("PostgreSQL " + status.postgres());
        if (status.slots() != null) {
            if (status.slots().isEmpty()) {
                out.println("  no logical replication slots");
            }
            for (SlotLag slot : status.slots()) {
                out.printf("  slot %-20s %-9s WAL retained %12s   confirmed up to %s%n", slot.name(),
                        slot.active() ? "active" : "inactive", Bytes.human(slot.lagBytes()), slot.confirmedFlushLsn());
            }
        }
        out.println("Kafka " + status.kafka());
        if (status.groups() != null) {
            if (status.groups().isEmpty()) {
                out.println("  no consumer groups");
            }
            for (GroupLag group : status.groups()) {
                out.printf("  group %-28s %-10s %3d partitions   lag %s%n", group.group(), group.state(), group.partitions(),
                        group.lagRecords() == GroupLag.UNKNOWN ? "unknown" : group.lagRecords() + " records");
            }
        }
        status.warnings().forEach(w -> out.println("WARN " + w));
        status.problems().forEach(p -> out.println("ERROR " + p));
        if (status.warnings().isEmpty() && status.problems().isEmpty()) {
            out.println("OK");
        }
    }
}
