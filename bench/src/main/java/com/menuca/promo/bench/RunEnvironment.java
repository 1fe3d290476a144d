package com.menuca.promo.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** The command a benchmark ran as and the source it was built from, for its result file. */
final class RunEnvironment {
    private static final int LISTED_CHANGES = 20;
    private static final String ENVIRONMENT_PREFIX = "PROMO_";
    private static final Pattern SECRET_NAME = Pattern.compile("PASSWORD|SECRET|TOKEN|KEY|CREDENTIAL");
    /** What ./promo runs: the harness's command (benchmarks are among its development commands). */
    private static final String LAUNCHER = com.menuca.promo.infra.process.JavaCommand.HARNESS_MAIN;

    private RunEnvironment() {
    }

    /**
     * The exact command: main class and program arguments ({@code sun.java.command}), the JVM's options
     * and the working directory. Under {@code ./promo} the main class is the harness's.
     */
    static Map<String, Object> command() {
        Map<String, Object> command = new LinkedHashMap<>();
        String javaCommand = System.getProperty("sun.java.command", "");
        List<String> words = javaCommand.isBlank() ? List.of() : Arrays.asList(javaCommand.trim().split("\\s+"));
        String main = words.isEmpty() ? null : words.get(0);
        List<String> arguments = words.size() > 1 ? words.subList(1, words.size()) : List.of();
        Map<String, String> environment = promoEnvironment(System.getenv());
        command.put("main", main);
        command.put("arguments", arguments);
        // what a reader types to repeat the run (the ./promo script adds only the JVM options below)
        command.put("as_typed", LAUNCHER.equals(main) ? asTyped(environment, arguments) : null);
        command.put("jvm_options", ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.put("environment", environment);
        command.put("working_directory", Path.of("").toAbsolutePath().toString());
        return command;
    }

    /**
     * The services' settings given through the environment ({@code PROMO_*}): a stack a benchmark starts
     * inherits them, so they are part of the run (a processor setting tried this way changes its numbers).
     * Values of secrets are not written.
     */
    static Map<String, String> promoEnvironment(Map<String, String> environment) {
        Map<String, String> promo = new TreeMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith(ENVIRONMENT_PREFIX)) {
                promo.put(name, SECRET_NAME.matcher(name).find() && !name.endsWith("_FILE") ? "<redacted>" : value);
            }
        });
        return promo;
    }

    static String asTyped(Map<String, String> environment, List<String> arguments) {
        StringBuilder typed = new StringBuilder();
        environment.forEach((name, value) -> typed.append(name).append('=').append(value).append(' '));
        return typed.append(String.join(" ", concat("./promo", arguments))).toString();
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new java.util.ArrayList<>(rest.size() + 1);
        all.add(first);
        all.addAll(rest);
        return all;
    }

    /**
     * The git commit of the checkout this code was loaded from, and whether its tracked files differed from
     * it (uncommitted changes, listed); null fields with a reason where that cannot be told.
     */
    static Map<String, Object> source() {
        Map<String, Object> source = new LinkedHashMap<>();
        Path checkout = codeLocation();
        try {
            source.put("commit", git(checkout, "rev-parse", "HEAD").trim());
            List<String> changes = git(checkout, "status", "--porcelain", "--untracked-files=no").lines()
                    .filter(line -> !line.isBlank()).toList();
            source.put("dirty", !changes.isEmpty());
            source.put("uncommitted_changes", changes.subList(0, Math.min(changes.size(), LISTED_CHANGES)));
            source.put("branch", git(checkout, "rev-parse", "--abbrev-ref", "HEAD").trim());
        } catch (IOException e) {
            source.put("commit", null);
            source.put("dirty", null);
            source.put("unknown_because", e.getMessage());
        }
        return source;
    }

    /** Where this class was loaded from (a jar's directory or a classes directory), else the working directory. */
    private static Path codeLocation() {
        try {
            Path location = Path.of(RunEnvironment.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return location.toFile().isDirectory() ? location : location.getParent();
        } catch (URISyntaxException | RuntimeException e) {
            return Path.of("").toAbsolutePath();
        }
    }

    private static String git(Path directory, String... arguments) throws IOException {
        String[] command = new String[arguments.length + 3];
        command[0] = "git";
        command[1] = "-C";
        command[2] = directory.toString();
        System.arraycopy(arguments, 0, command, 3, arguments.length);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("git " + String.join(" ", arguments) + " in " + directory + " failed: " + output.trim());
            }
            return output;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for git", e);
        }
    }
}
