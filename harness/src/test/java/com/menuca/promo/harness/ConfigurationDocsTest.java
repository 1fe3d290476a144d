package com.menuca.promo.harness;

import static org.assertj.core.api.Assertions.assertThat;

import com.menuca.promo.launcher.ConfigurationPage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/configuration.md is exactly what the code declares, for every service. */
class ConfigurationDocsTest {

    @Test
    void shouldMatchTheSettingsTheServicesDeclare() throws Exception {
        assertThat(Files.readString(Path.of("..", "docs", ConfigurationPage.FILE)))
                .as("docs/configuration.md is out of date with the services' settings: run ./promo docs and commit it")
                .isEqualTo(ConfigurationPage.render(DevPromo.SETTINGS_PAGES));
    }

    @Test
    void shouldListEveryServiceThatPromoConfigKnows() {
        assertThat(DevPromo.SETTINGS_PAGES).extracting(ConfigurationPage.Service::name)
                .containsExactly("capture", "process", "gateway", "notify-bridge", "dev", "tools", "status", "migrate");
        assertThat(ConfigurationPage.SERVICES).as("the product's own: no dev stack in the distribution")
                .extracting(ConfigurationPage.Service::name).doesNotContain("dev");
        assertThat(ConfigurationPage.render(DevPromo.SETTINGS_PAGES)).contains("`kafka.bootstrap.servers`", "`kafka.*`",
                "`postgres.sslmode`", "`gateway.jwt.secret`", "`dev.seed`");
    }
}
