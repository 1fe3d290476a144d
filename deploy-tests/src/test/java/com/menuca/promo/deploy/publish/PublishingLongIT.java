package com.menuca.promo.deploy.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * promo-contracts and promo-testkit as another team gets them: {@code mvn install} into a fresh local
 * repository under {@code target/} (the shared {@code ~/.m2} is only read, as a file mirror, never written),
 * then the Spring example, copied out of this build, built and tested against that repository alone.
 * About seven minutes on two cores, so behind {@code -Plong}.
 */
class PublishingLongIT {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path WORK = Path.of("target", "publish-check").toAbsolutePath();
    /** What promo-contracts may bring at runtime: Jackson, kafka-clients and kafka-clients' own dependencies. */
    private static final Set<String> CONTRACT_RUNTIME_GROUPS = Set.of("com.fasterxml.jackson.core",
            "com.fasterxml.jackson.datatype", "org.apache.kafka", "com.github.luben", "at.yawk.lz4", "org.lz4",
            "org.xerial.snappy", "org.slf4j");

    @Test
    void shouldBuildAndTestTheSpringExampleAgainstTheInstalledArtifacts() throws Exception {
        delete(WORK);
        Path repository = WORK.resolve("m2");
        Path settings = WORK.resolve("settings.xml");
        Files.createDirectories(repository);
        Files.writeString(settings, """
                <settings>
                  <mirrors>
                    <mirror>
                      <id>machine-cache</id>
                      <url>%s</url>
                      <mirrorOf>*</mirrorOf>
                    </mirror>
                  </mirrors>
                </settings>
                """.formatted(Path.of(System.getProperty("user.home"), ".m2", "repository").toUri()));

        run(ROOT, List.of("-s", settings.toString(), "-Dmaven.repo.local=" + repository, "-DskipTests",
                "-pl", "schemas,testkit", "-am", "install"), "install promo-contracts and promo-testkit");
        assertThat(repository.resolve("com/menuca/promo/promo-contracts/0.1.0-SNAPSHOT")).isDirectory();
        assertThat(repository.resolve("com/menuca/promo/promo-testkit/0.1.0-SNAPSHOT")).isDirectory();

        Path example = WORK.resolve("spring-consumer");
        copy(ROOT.resolve("examples/spring-consumer"), example);
        String build = run(example, List.of("-s", settings.toString(), "-Dmaven.repo.local=" + repository, "verify"),
                "build and test the example against the installed artifacts");
        assertThat(build).contains("SpringConsumerIT").contains("Jackson3CompatibilityTest").contains("BUILD SUCCESS");

        // A build that depends on promo-contracts alone: what it brings at runtime is all a consumer must accept.
        Path contractsOnly = WORK.resolve("contracts-only");
        Files.createDirectories(contractsOnly);
        Files.writeString(contractsOnly.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>check</groupId><artifactId>contracts-only</artifactId><version>1</version>
                  <dependencies>
                    <dependency><groupId>com.menuca.promo</groupId><artifactId>promo-contracts</artifactId>
                      <version>0.1.0-SNAPSHOT</version></dependency>
                  </dependencies>
                </project>
                """);
        Path list = contractsOnly.resolve("runtime.txt");
        run(contractsOnly, List.of("-s", settings.toString(), "-Dmaven.repo.local=" + repository,
                "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:list", "-DincludeScope=runtime",
                "-DoutputFile=" + list, "-DexcludeTransitive=false"), "promo-contracts' runtime dependencies");
        List<String> brought = Files.readAllLines(list).stream().map(String::trim)
                .filter(line -> line.matches("[\\w.-]+:[\\w.-]+:jar:.*")).map(line -> line.split(":")[0]).toList();
        assertThat(brought).as("promo-contracts brings Jackson and kafka-clients only").isNotEmpty()
                .contains("com.menuca.promo", "com.fasterxml.jackson.core", "org.apache.kafka")
                .allMatch(group -> group.equals("com.menuca.promo") || CONTRACT_RUNTIME_GROUPS.contains(group));
    }

    private static String run(Path directory, List<String> arguments, String what) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("mvn", "-B", "-Dstyle.color=never"));
        command.addAll(arguments);
        Path log = WORK.resolve(what.replaceAll("[^a-z]+", "-") + ".log");
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!process.waitFor(20, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(what + ": still running after 20 minutes; see " + log);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("%s (%s): exit code; log %s", what, String.join(" ", command), log).isZero();
        return output;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.filter(f -> !from.relativize(f).startsWith("target")).toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }

    private static void delete(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
