package com.menuca.promo.infra.process;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How to start another JVM running the {@code promo} command of this same build: the java binary, a
 * class path and JVM options.
 */
public record JavaCommand(String javaBinary, String classPath, List<String> jvmOptions) {
    /** The launcher's main class. */
    public static final String PROMO_MAIN = "com.menuca.promo.launcher.Promo";

    public JavaCommand {
        jvmOptions = List.copyOf(jvmOptions);
    }

    /** The java and class path of this JVM (as started by {@code ./promo}, a test runner or an IDE). */
    public static JavaCommand current(String... jvmOptions) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new JavaCommand(java, System.getProperty("java.class.path"), List.of(jvmOptions));
    }

    /** The packaged launcher: {@code promo.jar} and the {@code lib/} directory beside it. */
    public static JavaCommand packaged(Path promoJar, String... jvmOptions) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path jar = promoJar.toAbsolutePath();
        return new JavaCommand(java, jar + File.pathSeparator + jar.resolveSibling("lib") + File.separator + "*",
                List.of(jvmOptions));
    }

    /** The same command with the maximum heap set to {@code size} ("512m"), replacing any other -Xmx. */
    public JavaCommand withHeap(String size) {
        List<String> options = new ArrayList<>(jvmOptions.stream().filter(o -> !o.startsWith("-Xmx")).toList());
        options.add("-Xmx" + size);
        return new JavaCommand(javaBinary, classPath, options);
    }

    List<String> commandLine(List<String> promoArguments) {
        List<String> command = new ArrayList<>();
        command.add(javaBinary);
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classPath);
        command.add(PROMO_MAIN);
        command.addAll(promoArguments);
        return command;
    }
}
