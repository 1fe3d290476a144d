package com.menuca.promo.launcher.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineStatusTest {
    private static final long MIB = 1024 * 1024;

    @Test
    void shouldWarnAboutASlotHoldingMoreWalThanTheThresholdAndSayHowToFixAnAbandonedOne() {
        List<String> warnings = PipelineStatus.warnings(List.of(
                new SlotLag("promo_capture", "pgoutput", true, 10 * MIB, "0/1"),
                new SlotLag("old_slot", "pgoutput", false, 3 * 1024 * MIB, "0/2"),
                new SlotLag("small", "pgoutput", false, MIB / 2, "0/3")), List.of(), 1024 * MIB, 10_000);
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0)).contains("old_slot", "3.0 GiB", "pg_drop_replication_slot('old_slot')");
    }

    @Test
    void shouldWarnAboutAConsumerGroupFallingBehindButNotAboutUnknownLag() {
        List<String> warnings = PipelineStatus.warnings(List.of(), List.of(
                new GroupLag("promo-processor", "stable", 15, 25_000),
                new GroupLag("promo-gateway-1", "stable", 5, 3),
                new GroupLag("weird", "offsets unreadable: x", 0, GroupLag.UNKNOWN)), 1024 * MIB, 10_000);
        assertThat(warnings).singleElement().asString().contains("promo-processor", "25000 records behind");
    }

    @Test
    void shouldHaveNothingToSayWhenPostgresOrKafkaCouldNotBeRead() {
        assertThat(PipelineStatus.warnings(null, null, 0, 0)).isEmpty();
    }
}
