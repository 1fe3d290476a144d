package com.menuca.promo.harness;

import static org.assertj.core.api.Assertions.assertThat;

import com.menuca.promo.launcher.Promo;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The repository's {@code ./promo} runs every command of the product and the development ones; the
 * product's command line has none of them (its hidden {@code dev} only points here).
 */
class DevPromoTest {

    @Test
    void runsEveryProductCommandAndTheDevelopmentOnes() {
        Set<String> product = visibleCommands(Promo.commandLine());
        Set<String> harness = visibleCommands(DevPromo.commandLine());
        assertThat(product).doesNotContain("dev", "bench", "docs", "broker");
        assertThat(harness).containsAll(product).contains("dev", "bench", "docs");
        assertThat(DevPromo.commandLine().getSubcommands()).as("the fault suite's and --brokers 3's broker processes")
                .containsKey("broker");
        Object dev = DevPromo.commandLine().getSubcommands().get("dev").getCommand();
        assertThat(dev).as("the real promo dev, not the product's pointer").isInstanceOf(DevCommand.class);
    }

    @Test
    void configKnowsTheDevStackTooWhereTheProductDoesNot() {
        StringWriter out = new StringWriter();
        CommandLine harness = DevPromo.commandLine();
        harness.setOut(new PrintWriter(out, true));
        assertThat(harness.execute("config", "dev")).isZero();
        assertThat(out.toString()).contains("`dev.seed`", "`home`");

        StringWriter err = new StringWriter();
        CommandLine product = Promo.commandLine();
        product.setErr(new PrintWriter(err, true));
        assertThat(product.execute("config", "dev")).isEqualTo(Promo.EXIT_SETUP_PROBLEM);
        assertThat(err.toString()).contains("unknown service 'dev'");
    }

    private static Set<String> visibleCommands(CommandLine cli) {
        Set<String> names = new TreeSet<>();
        cli.getSubcommands().forEach((name, sub) -> {
            if (!sub.getCommandSpec().usageMessage().hidden()) {
                names.add(name);
            }
        });
        return names;
    }
}
