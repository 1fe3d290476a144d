package com.menuca.promo.infra.process;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

/**
 * How to start another JVM running a {@code promo} command of this same build: the java binary, a
 * class path, JVM options and the main class, the product's ({@code promo capture}, {@code process},
 * {@code gateway} ...) or the harness's, which adds {@code promo dev} and {@code promo broker}.
 */
public record JavaCommand(String javaBinary, String classPath, List<String> jvmOptions, String mainClass) {
    /** The harness's {@code ./promo}: the product's commands and the development ones (dev, broker, bench). */
    public static final String HARNESS_MAIN = "com.menuca.promo.harness.DevPromo";

    public JavaCommand {
        jvmOptions = List.copyOf(jvmOptions);
    }

    /** The harness's command ({@code promo dev}, {@code broker}, the services) with this java, class path and options. */
    public JavaCommand(String javaBinary, String classPath, List<String> jvmOptions) {
        this(javaBinary, classPath, jvmOptions, HARNESS_MAIN);
    }

    /**
     * The java and class path of this JVM (as started by {@code ./promo}, a test runner or an IDE), running
     * the harness's command: the embedded runtime starts {@code promo broker} processes with it.
     */
    public static JavaCommand current(String... jvmOptions) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new JavaCommand(java, System.getProperty("java.class.path"), List.of(jvmOptions), HARNESS_MAIN);
    }

    /**
     * A packaged launcher: its jar ({@code promo.jar} of the product, {@code promo-dev.jar} of the harness)
     * with the {@code lib/} directory beside it, running the jar's own Main-Class.
     */
    public static JavaCommand packaged(Path promoJar, String... jvmOptions) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path jar = promoJar.toAbsolutePath();
        return new JavaCommand(java, jar + File.pathSeparator + jar.resolveSibling("lib") + File.separator + "*",
                List.of(jvmOptions), mainClassOf(jar));
    }

    private static String mainClassOf(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            String main = file.getManifest() == null ? null : file.getManifest().getMainAttributes().getValue(Attributes.Name.MAIN_CLASS);
            if (main == null) {
                throw new IllegalArgumentException(jar + " names no Main-Class in its manifest");
            }
            return main;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar, e);
        }
    }

    /** The same command with the maximum heap set to {@code size} ("512m"), replacing any other -Xmx. */
    public JavaCommand withHeap(String size) {
        List<String> options = new ArrayList<>(jvmOptions.stream().filter(o -> !o.startsWith("-Xmx")).toList());
        options.add("-Xmx" + size);
        return new JavaCommand(javaBinary, classPath, options, mainClass);
    }

    List<String> commandLine(List<String> promoArguments) {
        List<String> command = new ArrayList<>();
        command.add(javaBinary);
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass);
        command.addAll(promoArguments);
        return command;
    }
}
