package com.menuca.promo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A result file names the PROMO_* settings a run was given, without their secrets. */
class RunEnvironmentTest {

    @Test
    void shouldKeepTheServicesSettingsAndRedactSecrets() {
        Map<String, String> environment = RunEnvironment.promoEnvironment(Map.of(
                "PROMO_PROCESSOR_THREADS", "2",
                "PROMO_GATEWAY_JWT_SECRET", "hunter2",
                "PROMO_POSTGRES_PASSWORD_FILE", "/run/secrets/pg",
                "PATH", "/usr/bin",
                "HOME", "/root"));

        assertThat(environment).containsExactly(
                Map.entry("PROMO_GATEWAY_JWT_SECRET", "<redacted>"),
                Map.entry("PROMO_POSTGRES_PASSWORD_FILE", "/run/secrets/pg"),
                Map.entry("PROMO_PROCESSOR_THREADS", "2"));
    }

    @Test
    void shouldTypeTheSettingsBeforeTheCommand() {
        assertThat(RunEnvironment.asTyped(Map.of("PROMO_PROCESSOR_THREADS", "2"), List.of("bench", "gateway")))
                .isEqualTo("PROMO_PROCESSOR_THREADS=2 ./promo bench gateway");
        assertThat(RunEnvironment.asTyped(Map.of(), List.of("bench", "gateway"))).isEqualTo("./promo bench gateway");
    }
}
