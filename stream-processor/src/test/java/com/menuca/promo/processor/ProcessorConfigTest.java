package com.menuca.promo.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.menuca.promo.common.config.ConfigException;
import com.menuca.promo.common.config.ConfigSource;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The processor's settings: restaurant zones, horizons, and every mistake reported at once. */
class ProcessorConfigTest {

    @Test
    void shouldMapRestaurantsToTheirZonesAndTheRestToTheDefault() {
        ProcessorConfig config = ProcessorConfig.load(ConfigSource.of(Map.of(
                "processor.restaurant.zones", "42=America/Toronto, 7=Europe/Paris",
                "processor.default.zone", "Asia/Tokyo",
                "processor.expiry.horizons", "15m,24h,1h,1h",
                "processor.query.token", "a-query-token-of-at-least-32-characters")));
        assertThat(config.zones().zoneOf(42)).isEqualTo(ZoneId.of("America/Toronto"));
        assertThat(config.zones().zoneOf(7)).isEqualTo(ZoneId.of("Europe/Paris"));
        assertThat(config.zones().zoneOf(1)).isEqualTo(ZoneId.of("Asia/Tokyo"));
        assertThat(config.expiryHorizons()).as("longest first, once each")
                .containsExactly(Duration.ofHours(24), Duration.ofHours(1), Duration.ofMinutes(15));
        assertThat(config.applicationServer(8082)).isEqualTo("127.0.0.1:8082");
    }

    @Test
    void shouldReportEveryBadSettingWithWhatIsExpected() {
        assertThatThrownBy(() -> ProcessorConfig.load(ConfigSource.of(Map.of(
                "processor.restaurant.zones", "42=Mars/Olympus,x=UTC",
                "processor.default.zone", "Nowhere",
                "processor.expiry.horizons", "1h,-5m",
                "processor.commit.interval", "soon"))))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).hasSize(4))
                .hasMessageContaining("'Mars/Olympus' is not a time zone")
                .hasMessageContaining("processor.default.zone = 'Nowhere' is invalid: expected a time zone")
                .hasMessageContaining("processor.expiry.horizons = '1h,-5m' is invalid")
                .hasMessageContaining("PROMO_PROCESSOR_COMMIT_INTERVAL");
    }

    @Test
    void shouldRefuseToStartWithoutAQueryToken() {
        assertThatThrownBy(() -> ProcessorConfig.load(ConfigSource.of(Map.of())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("PROMO_PROCESSOR_QUERY_TOKEN");
        assertThatThrownBy(() -> ProcessorConfig.load(ConfigSource.of(Map.of("processor.query.token", "short"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("at least 32 characters");
    }

    @Test
    void shouldNotWarmUpByDefaultAndAcceptZeroToTwoMinutes() {
        String token = "a-query-token-of-at-least-32-characters";
        assertThat(ProcessorConfig.load(ConfigSource.of(Map.of("processor.query.token", token))).warmUp())
                .as("off by default").isZero();
        assertThat(ProcessorConfig.load(ConfigSource.of(Map.of("processor.query.token", token,
                "processor.warmup.duration", "10s"))).warmUp()).isEqualTo(Duration.ofSeconds(10));
        assertThat(ProcessorConfig.load(ConfigSource.of(Map.of("processor.query.token", token,
                "processor.warmup.duration", "2m"))).warmUp()).isEqualTo(Duration.ofMinutes(2));
        for (String tooLong : List.of("121s", "1h")) {
            assertThatThrownBy(() -> ProcessorConfig.load(ConfigSource.of(Map.of("processor.query.token", token,
                    "processor.warmup.duration", tooLong))))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("processor.warmup.duration = '" + tooLong + "' is invalid: expected a "
                            + "duration from 0ms to 2m");
        }
        assertThatThrownBy(() -> ProcessorConfig.load(ConfigSource.of(Map.of("processor.query.token", token,
                "processor.warmup.duration", "-5s")))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("PROMO_PROCESSOR_WARMUP_DURATION");
    }

    @Test
    void shouldDocumentEverySetting() {
        assertThat(ProcessorConfig.SETTINGS).allSatisfy(s -> assertThat(s.description()).isNotBlank());
        assertThat(ProcessorConfig.SETTINGS.stream().map(s -> s.key()).toList()).doesNotHaveDuplicates()
                .containsAll(List.of("kafka.bootstrap.servers", "processor.restaurant.zones", "processor.default.zone"));
    }
}
