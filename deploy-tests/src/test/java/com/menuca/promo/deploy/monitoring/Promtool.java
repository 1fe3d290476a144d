package com.menuca.promo.deploy.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Prometheus' {@code promtool}: {@code $PROMTOOL} if set, else on the PATH (the build's
 * setup/prerequisites.sh installs Debian's {@code prometheus} package when it is missing).
 */
final class Promtool {
    /** What promtool printed and how it ended. */
    record Result(int exitCode, String output) {
    }

    private final Path binary;

    private Promtool(Path binary) {
        this.binary = binary;
    }

    static Promtool find() {
        String configured = System.getenv("PROMTOOL");
        if (configured != null && !configured.isBlank()) {
            return new Promtool(Path.of(configured));
        }
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(dir -> Path.of(dir, "promtool")).filter(Files::isExecutable).findFirst().map(Promtool::new)
                .orElseThrow(() -> new AssertionError("no promtool on PATH: mvn verify installs it (setup/prerequisites.sh), "
                        + "or set PROMTOOL=/path/to/promtool"));
    }

    /** Runs {@code promtool <arguments>} in {@code directory}. */
    Result run(Path directory, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("promtool %s finished", command).isTrue();
        return new Result(process.exitValue(), output);
    }
}
