package com.menuca.promo.harness;

import static org.assertj.core.api.Assertions.assertThat;

import com.menuca.promo.common.config.ConfigSource;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DevConfigTest {
    @Test
    void fixedPortsByDefaultSoTheBannerStaysTheSameFromRunToRun() {
        DevConfig config = DevConfig.load(ConfigSource.of(Map.of()));
        assertThat(config.httpPort()).isEqualTo(8080);
        assertThat(config.opsPort()).isEqualTo(4001);
        assertThat(config.processorPort()).isEqualTo(8082);
    }

    @Test
    void anyFreeHttpPortLeavesNoFixedPortUnlessOneIsAskedFor() {
        DevConfig free = DevConfig.load(ConfigSource.of(Map.of("dev.http.port", "0")));
        assertThat(free.opsPort()).isZero();
        assertThat(free.processorPort()).isZero();

        DevConfig oneFixed = DevConfig.load(ConfigSource.of(Map.of("dev.http.port", "0", "dev.ops.port", "4101")));
        assertThat(oneFixed.opsPort()).isEqualTo(4101);
        assertThat(oneFixed.processorPort()).isZero();
    }

    @Test
    void aSecondStackOnOtherPortsBindsNoneOfTheFirstOnes() {
        DevConfig second = DevConfig.load(ConfigSource.of(Map.of("dev.http.port", "8180", "dev.ops.port", "4101",
                "dev.processor.port", "8182")));
        assertThat(second).extracting(DevConfig::httpPort, DevConfig::opsPort, DevConfig::processorPort)
                .containsExactly(8180, 4101, 8182);
    }
}
