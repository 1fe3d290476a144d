package com.menuca.promo.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.common.config.ConfigSource;
import com.menuca.promo.launcher.status.Bytes;
import com.menuca.promo.launcher.status.GroupLag;
import com.menuca.promo.launcher.status.PipelineStatus;
import com.menuca.promo.launcher.status.SlotLag;
import com.menuca.promo.schemas.json.Json;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
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
            "Endpoints as for `promo capture` (PROMO_* variables, --config) or from a dev stack's --home.",
            "Exit code: 0 fine, 1 warnings, 2 PostgreSQL or Kafka unreachable."})
final class StatusCommand implements Callable<Integer> {
    static final int EXIT_WARNINGS = 1;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file with settings (see `promo config status`).")
    Path configFile;

    @Option(names = "--home", paramLabel = "DIR", description = "Read the endpoints of the `promo dev` stack running from DIR.")
    Path home;

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
        StatusConfig config = StatusConfig.load(ConfigSource.fromEnvironment(Optional.ofNullable(configFile))
                .withOverrides(overrides));
        if (home != null) {
            config = fromDevStack(config, home);
        }
        List<String> problems = new ArrayList<>();
        List<SlotLag> slots = null;
        try (Connection connection = DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password())) {
            slots = SlotLag.read(connection);
        } catch (Exception e) {
            problems.add("PostgreSQL " + config.jdbcUrl() + " unreachable: " + e.getMessage());
        }
        List<GroupLag> groups = null;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis()))) {
            groups = GroupLag.read(admin, TIMEOUT);
        } catch (Exception e) {
            problems.add("Kafka " + config.bootstrapServers() + " unreachable: " + e.getMessage());
        }
        PipelineStatus status = new PipelineStatus(config.jdbcUrl(), config.bootstrapServers(), slots, groups,
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

    private static StatusConfig fromDevStack(StatusConfig config, Path home) throws java.io.IOException {
        Path file = home.resolve(Endpoints.FILE_NAME);
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("no " + Endpoints.FILE_NAME + " in " + home + ": is `promo dev --home "
                    + home + "` running?");
        }
        JsonNode endpoints = Json.mapper().readTree(file.toFile());
        return new StatusConfig(endpoints.path("postgres_jdbc_url").asText(), endpoints.path("postgres_user").asText(),
                endpoints.path("postgres_password").asText(), endpoints.path("kafka_bootstrap").asText(),
                config.slotLagWarnBytes(), config.consumerLagWarnRecords());
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
