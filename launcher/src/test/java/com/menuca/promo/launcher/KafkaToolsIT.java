package com.menuca.promo.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.menuca.promo.infra.kafka.EmbeddedKafkaBroker;
import com.menuca.promo.catalog.Catalog;
import com.menuca.promo.catalog.CatalogTopic;
import com.menuca.promo.catalog.SchemaValidator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import picocli.CommandLine;

/**
 * The Kafka tools as a user runs them, against a real broker. {@code promo topics check|apply}: an empty
 * cluster is reported and then built from the catalogue; drift made by hand (a config changed, too few
 * partitions, a stray owned topic) is reported, fixed where it can be, and left with a clear message
 * where it cannot. {@code promo replay}: events to a file, progress on stderr.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaToolsIT {
    private static final String DEALS = "menuca.menuca_v3.promotional_deals";
    private static final String USAGE = "menuca.menuca_v3.coupon_usage_log";
    private static final String TAGS = "menuca.menuca_v3.marketing_tags";

    private Path home;
    private EmbeddedKafkaBroker kafka;
    private Admin admin;

    @BeforeAll
    void startKafka() throws Exception {
        home = Files.createTempDirectory("topics-it");
        kafka = EmbeddedKafkaBroker.start(home.resolve("kafka"), 0);
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    @AfterAll
    void stopKafka() {
        if (admin != null) {
            admin.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldReportAnEmptyClusterBuildItFromTheCatalogueThenFixAndReportDrift() throws Exception {
        deleteOwnedTopics();
        createVisibleTopic(USAGE);

        Run check = run("topics", "check");
        assertThat(check.code).isEqualTo(TopicsCommand.DRIFT);
        assertThat(check.out).contains(DEALS + ": missing").contains(USAGE + ": too few partitions (has 1, catalogue says 3)")
                .contains("promo.capture.offsets: missing");

        Run apply = run("topics", "apply");
        assertThat(apply.code).as(apply.out).isZero();
        assertThat(apply.out).contains("created " + DEALS).contains("raised " + USAGE + " to 3 partitions")
                .contains("set " + USAGE + " retention.ms=-1").contains("re-map keys");
        assertClusterMatchesTheCatalogue();
        assertThat(run("topics", "check").code).isZero();

        admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, DEALS), List.of(
                new AlterConfigOp(new ConfigEntry("retention.ms", "86400000"), AlterConfigOp.OpType.SET))))
                .all().get(30, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(30)).until(() -> topicConfig(DEALS).get("retention.ms").value().equals("86400000"));
        createVisibleTopic("promo.stray");
        check = run("topics", "check");
        assertThat(check.code).isEqualTo(TopicsCommand.DRIFT);
        assertThat(check.out).contains(DEALS + ": config differs (retention.ms is 86400000, catalogue says -1)")
                .contains("promo.stray: not in catalogue").contains("add it to the catalogue or delete it");

        Path overrides = home.resolve("overrides.yaml");
        Files.writeString(overrides, DEALS + ":\n  config:\n    retention.ms: \"86400000\"\n");
        assertThat(run("topics", "check", "--overrides", overrides.toString()).out)
                .as("a site override is not drift").doesNotContain(DEALS + ":");

        apply = run("topics", "apply");
        assertThat(apply.code).as("promo.stray cannot be fixed by apply").isEqualTo(TopicsCommand.DRIFT);
        assertThat(apply.out).contains("set " + DEALS + " retention.ms=-1").contains("promo.stray: not in catalogue");
        assertThat(topicConfig(DEALS).get("retention.ms").value()).isEqualTo("-1");
        admin.deleteTopics(List.of("promo.stray")).all().get(30, TimeUnit.SECONDS);
    }

    @Test
    void shouldReplayThroughTheCommandLineIntoAFileWithProgressOnStderr() throws Exception {
        run("topics", "apply");
        String key = "{\"id\":77}";
        // As the capture writes them: the record timestamp is the commit time, source.ts_ms.
        long inserted = Instant.parse("2026-11-28T03:00:00Z").toEpochMilli();
        long updated = Instant.parse("2026-11-28T05:00:00Z").toEpochMilli();
        String value = "{\"before\":null,\"after\":{\"id\":77,\"name\":\"Vegan\",\"slug\":\"vegan\",\"created_at\":\"2026-11-28T03:00:00Z\"},"
                + "\"source\":{\"version\":\"3.6.1.Final\",\"connector\":\"postgresql\",\"name\":\"menuca\",\"ts_ms\":" + inserted + ","
                + "\"snapshot\":\"false\",\"db\":\"menuca\",\"schema\":\"menuca_v3\",\"table\":\"marketing_tags\",\"txId\":5,\"lsn\":9},"
                + "\"op\":\"c\",\"ts_ms\":" + (inserted + 2) + "}";
        String update = value.replace("\"op\":\"c\"", "\"op\":\"u\"").replace("\"before\":null", "\"before\":{\"id\":77,"
                + "\"name\":\"Veg\",\"slug\":\"vegan\",\"created_at\":\"2026-11-28T03:00:00Z\"}")
                .replace("\"ts_ms\":" + inserted, "\"ts_ms\":" + updated).replace("\"lsn\":9", "\"lsn\":12");
        SchemaValidator.bundled().requireValid(TAGS, key, value);
        SchemaValidator.bundled().requireValid(TAGS, key, update);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(TAGS, 1, inserted, key, value)).get();
            producer.send(new ProducerRecord<>(TAGS, 1, updated, key, update)).get();
        }
        Path file = home.resolve("tags.csv");
        Run replay = run("replay", "--topic", TAGS, "--from", "2026-11-28T02:00+00:00", "--to", "2026-11-28T04:00:00Z",
                "--format", "csv", "--out", file.toString());
        assertThat(replay.code).as(replay.err).isZero();
        assertThat(Files.readAllLines(file)).containsExactly(
                "topic,partition,offset,commit_time,lsn,tx_id,op,key,id,name,slug,created_at,before_id,before_name,before_slug,"
                        + "before_created_at",
                TAGS + ",1,0,2026-11-28T03:00:00Z,9,5,c,\"{\"\"id\"\":77}\",77,Vegan,vegan,2026-11-28T03:00:00Z,,,,");
        Run both = run("replay", "--topic", TAGS, "--from", "2026-11-28", "--to", "2026-11-29", "--format", "csv", "--quiet");
        assertThat(both.out.lines().toList()).as("an update carries its old row in before_ columns").last().isEqualTo(
                TAGS + ",1,1,2026-11-28T05:00:00Z,12,5,u,\"{\"\"id\"\":77}\",77,Vegan,vegan,2026-11-28T03:00:00Z,77,Veg,vegan,"
                        + "2026-11-28T03:00:00Z");
        assertThat(replay.err).contains("replay: 2026-11-28T02:00:00Z .. 2026-11-28T04:00:00Z")
                .contains("replay: done, 1 events written");
        assertThat(replay.out).isEmpty();
    }

    @Test
    void shouldRefuseBadReplayArgumentsWithAMessageAndNoStackTrace() {
        Run unknownTopic = run("replay", "--topic", "menuca.menuca_v3.orders", "--from", "beginning");
        assertThat(unknownTopic.code).isEqualTo(Promo.EXIT_SETUP_PROBLEM);
        assertThat(unknownTopic.err).startsWith("promo replay: --topic menuca.menuca_v3.orders is not in the topic catalogue");
        Run backwards = run("replay", "--topic", "cdc", "--from", "2026-11-28T12:00:00Z", "--to", "2026-11-28T11:00:00Z");
        assertThat(backwards.err).contains("--to 2026-11-28T11:00:00Z is not after --from 2026-11-28T12:00:00Z");
        Run badTime = run("replay", "--topic", "cdc", "--from", "last tuesday");
        assertThat(badTime.err).contains("--from 'last tuesday' is not a time");
        Run badFormat = run("replay", "--topic", "cdc", "--from", "beginning", "--format", "xml");
        assertThat(badFormat.code).isEqualTo(Promo.EXIT_SETUP_PROBLEM);
        assertThat(badFormat.err).contains("--format").contains("jsonl, csv");
        Run missing = run("replay", "--topic", "cdc");
        assertThat(missing.err).contains("Missing required option: '--from");
        for (Run run : List.of(unknownTopic, backwards, badTime, badFormat, missing)) {
            assertThat(run.code).isEqualTo(Promo.EXIT_SETUP_PROBLEM);
            assertThat(run.err).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    @Test
    void shouldSayInOneLineWithinSecondsWhenKafkaCannotBeReachedOrTheAddressIsMalformed() throws Exception {
        for (List<String> args : List.of(List.of("topics", "check", "--bootstrap", "127.0.0.1:1"),
                List.of("replay", "--topic", "cdc", "--from", "beginning", "--bootstrap", "127.0.0.1:1"),
                List.of("topics", "check", "--bootstrap", "kafka.invalid:9092"),
                List.of("replay", "--topic", "cdc", "--from", "beginning", "--bootstrap", "no-port-here"))) {
            Instant started = Instant.now();
            Packaged run = packaged(args);
            assertThat(run.code).as("%s: %s", args, run.output).isEqualTo(Promo.EXIT_SETUP_PROBLEM);
            // The tools' Kafka timeout is set to 10 minutes: an answer within 2 means the tool did not retry
            // until it (a JVM's start alone takes 15 s on a loaded 2-core machine, so no tighter wall-clock bound).
            assertThat(Duration.between(started, Instant.now())).as("%s answers at once, not after %s", args, TOOLS_TIMEOUT)
                    .isLessThan(Duration.ofMinutes(2));
            assertThat(run.output.lines().toList()).as("%s prints one line, no stack trace, no client warnings", args)
                    .hasSize(1).noneMatch(line -> line.contains("Exception") || line.contains(" WARN "));
        }
        assertThat(packaged(List.of("topics", "check", "--bootstrap", "127.0.0.1:1")).output)
                .startsWith("promo topics: Kafka is not reachable at 127.0.0.1:1 (127.0.0.1:1: Connection refused)")
                .contains("--bootstrap or PROMO_KAFKA_BOOTSTRAP_SERVERS");
        assertThat(packaged(List.of("replay", "--topic", "cdc", "--from", "beginning", "--bootstrap", "no-port-here")).output)
                .contains("kafka.bootstrap.servers = 'no-port-here' is invalid: 'no-port-here' is not host:port");
    }

    @Test
    void shouldUseTheRunningDevStackWhenNoBootstrapIsGivenAndIgnoreOneThatStopped() throws Exception {
        Path devHome = Files.createDirectories(home.resolve("dev-home"));
        Files.writeString(devHome.resolve(DevStackLocation.ENDPOINTS_FILE), "{\"pid\": " + ProcessHandle.current().pid()
                + ", \"kafka_bootstrap\": \"" + kafka.bootstrapServers() + "\"}");

        Run byHome = runAsIs("topics", "apply", "--home", devHome.toString());
        assertThat(byHome.err).contains("Using the promo dev stack of " + devHome + " (Kafka " + kafka.bootstrapServers() + ")");
        assertThat(byHome.out).contains("on " + kafka.bootstrapServers());
        assertThat(byHome.code).as(byHome.err).isZero();

        // PROMO_HOME is the setting `home`: from the environment or, here, the config file.
        Path config = Files.writeString(home.resolve("home.properties"), "home=" + devHome + "\nkafka.bootstrap.servers=127.0.0.1:1\n");
        Run byConfiguredHome = runAsIs("replay", "--topic", "cdc", "--from", "beginning", "--quiet", "--config", config.toString());
        assertThat(byConfiguredHome.code).as(byConfiguredHome.err).isZero();
        assertThat(byConfiguredHome.err).contains("Using the promo dev stack of " + devHome);

        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        Files.writeString(devHome.resolve(DevStackLocation.ENDPOINTS_FILE), "{\"pid\": " + finished.pid()
                + ", \"kafka_bootstrap\": \"" + kafka.bootstrapServers() + "\"}");
        Run stale = runAsIs("topics", "check", "--config", config.toString());
        assertThat(stale.code).as("a stack that stopped is ignored: the configured brokers are used").isEqualTo(Promo.EXIT_SETUP_PROBLEM);
        assertThat(stale.err).contains("Kafka is not reachable at 127.0.0.1:1").doesNotContain("Using the promo dev stack");
        Run staleByHome = runAsIs("topics", "check", "--home", devHome.toString());
        assertThat(staleByHome.code).isEqualTo(Promo.EXIT_SETUP_PROBLEM);
        assertThat(staleByHome.err).contains("no running promo dev in " + devHome);
    }

    /** Starts from an empty cluster whatever other tests of this class created. */
    private void deleteOwnedTopics() throws Exception {
        Catalog catalog = Catalog.bundled();
        List<String> owned = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream().filter(catalog::owns).toList();
        admin.deleteTopics(owned).all().get(30, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(30)).until(() -> admin.listTopics().names().get(30, TimeUnit.SECONDS)
                .stream().noneMatch(catalog::owns));
    }

    /** A one-partition topic, returned once the broker lists it (creation completes at the controller first). */
    private void createVisibleTopic(String name) throws Exception {
        admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(30)).until(() -> admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(name));
    }

    private void assertClusterMatchesTheCatalogue() throws Exception {
        Catalog catalog = Catalog.bundled();
        Set<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
        for (CatalogTopic topic : catalog.topics()) {
            assertThat(names).contains(topic.name());
            assertThat(admin.describeTopics(List.of(topic.name())).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(topic.name()).partitions()).hasSize(topic.partitions());
            Config config = topicConfig(topic.name());
            topic.config().forEach((key, value) -> assertThat(config.get(key).value()).as("%s %s", topic.name(), key)
                    .isEqualTo(value));
        }
    }

    private Config topicConfig(String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
    }

    private Run runAsIs(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Promo.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return new Run(cli.execute(args), out.toString(), err.toString());
    }

    /** The packaged launcher in its own process, as a person runs it: everything it prints, stdout and stderr. */
    /** How long the packaged tools may wait for Kafka: far longer than any answer the test accepts. */
    private static final String TOOLS_TIMEOUT = "10m";

    private static Packaged packaged(List<String> args) throws Exception {
        Path jar = Path.of("target", "promo.jar").toAbsolutePath();
        List<String> command = new java.util.ArrayList<>(List.of("java", "-cp",
                jar + java.io.File.pathSeparator + jar.resolveSibling("lib") + "/*", "com.menuca.promo.launcher.Promo"));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("PROMO_"));
        builder.environment().put(KafkaToolConfig.TIMEOUT.envVar(), TOOLS_TIMEOUT);
        builder.directory(Files.createTempDirectory("promo-tools-cwd").toFile());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        return new Packaged(process.exitValue(), output);
    }

    private record Packaged(int code, String output) {
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Promo.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] withBootstrap = args;
        if (!List.of(args).contains("--bootstrap")) {
            withBootstrap = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                    java.util.stream.Stream.of("--bootstrap", kafka.bootstrapServers())).toArray(String[]::new);
        }
        int code = cli.execute(withBootstrap);
        return new Run(code, out.toString(), err.toString());
    }

    private record Run(int code, String out, String err) {
    }
}
