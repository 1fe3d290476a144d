package com.menuca.promo.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResolvedSettingsTest {
    private static final Setting<Integer> PORT = Setting.of("http.port", ValueParser.PORT, 8080, "Port.");
    private static final Setting<Duration> TIMEOUT = Setting.of("start.timeout", ValueParser.DURATION,
            Duration.ofSeconds(60), "Timeout.");
    private static final Setting<String> HOST = Setting.required("db.host", ValueParser.STRING, "Database host.");
    private static final List<Setting<?>> ALL = List.of(PORT, TIMEOUT, HOST);

    @Test
    void shouldUseDefaultsAndParseGivenValues() {
        ResolvedSettings s = ResolvedSettings.resolve("test", ALL,
                ConfigSource.of(Map.of("db.host", "db.internal", "start.timeout", "1500ms")));
        assertThat(s.get(PORT)).isEqualTo(8080);
        assertThat(s.get(TIMEOUT)).isEqualTo(Duration.ofMillis(1500));
        assertThat(s.get(HOST)).isEqualTo("db.internal");
    }

    @Test
    void shouldReportEveryProblemAtOnceWithTheEnvironmentVariableToSet() {
        assertThatThrownBy(() -> ResolvedSettings.resolve("test", ALL,
                ConfigSource.of(Map.of("http.port", "70000", "start.timeout", "soon"))))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).hasSize(3))
                .hasMessageContaining("http.port = '70000' is invalid: expected a number from 0 to 65535")
                .hasMessageContaining("start.timeout = 'soon' is invalid: expected a duration")
                .hasMessageContaining("db.host is required (set PROMO_DB_HOST");
    }

    @Test
    void shouldLetOverridesWinAndMaskSecrets() {
        Setting<Integer> pin = Setting.of("db.pin", ValueParser.intBetween(0, 9999), 0, "Numeric secret.").secret();
        Setting<Integer> number = Setting.of("db.pool", ValueParser.intBetween(1, 5), 1, "Pool.");
        ConfigSource source = ConfigSource.of(Map.of("db.pool", "2")).withOverrides(Map.of("db.pool", "3"));
        assertThat(ResolvedSettings.resolve("test", List.of(number), source).get(number)).isEqualTo(3);
        assertThatThrownBy(() -> ResolvedSettings.resolve("test", List.of(pin),
                ConfigSource.of(Map.of("db.pin", "hunter2"))))
                .hasMessageContaining("db.pin = **** is invalid")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void shouldRoundTripDurationsForTheDocs() {
        assertThat(ValueParser.DURATION.format(Duration.ofSeconds(10))).isEqualTo("10s");
        assertThat(ValueParser.DURATION.format(Duration.ofMillis(5))).isEqualTo("5ms");
        assertThat(ValueParser.DURATION.parse("PT2M")).isEqualTo(Duration.ofMinutes(2));
        assertThat(ConfigDocs.markdownTable(ALL)).contains("| `start.timeout` | `PROMO_START_TIMEOUT` | `1m` | Timeout. |");
    }
}
