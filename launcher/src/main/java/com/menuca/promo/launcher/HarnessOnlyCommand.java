package com.menuca.promo.launcher;

import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code promo dev}, {@code bench}, {@code broker} and {@code docs} in the product: development commands
 * that run from a checkout of the repository (its {@code ./promo}, the harness module), never shipped.
 * Hidden from the help; run anyway, it says where they are instead of "unknown command".
 */
@Command(name = "dev", aliases = {"bench", "broker", "docs"}, hidden = true,
        description = "Development commands: from a checkout of the repository, run ./promo (docs/dev.md).")
final class HarnessOnlyCommand implements Callable<Integer> {
    /** Every name this command stands in for. */
    static final Set<String> NAMES = Set.of("dev", "bench", "broker", "docs");

    @Unmatched
    List<String> ignored;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String name = spec.parent().commandLine().getParseResult().originalArgs().stream()
                .filter(NAMES::contains).findFirst().orElse("dev");
        spec.commandLine().getErr().println("promo " + name + " is a development command of the repository's harness, not part of "
                + "this distribution (the services and operator tools only): from a checkout of promo-realtime run "
                + "./promo " + name + " (see docs/dev.md). `promo --help` lists the commands here.");
        spec.commandLine().getErr().flush();
        return Promo.EXIT_SETUP_PROBLEM;
    }
}
