package com.menuca.promo.harness;

import static org.assertj.core.api.Assertions.assertThat;

import com.menuca.promo.catalog.Catalog;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/channels.md is exactly what the gateway's channel map and the seed's names declare. */
class ChannelsDocsTest {

    @Test
    void shouldMatchTheChannelMap() throws Exception {
        assertThat(Files.readString(Path.of("..", "docs", ChannelsPage.FILE)))
                .as("docs/channels.md is out of date with the channel map: run ./promo docs and commit it")
                .isEqualTo(ChannelsPage.render(Catalog.bundled()));
    }

    @Test
    void shouldListEveryOldNameWithTheEventAClientBinds() {
        assertThat(ChannelsPage.render(Catalog.bundled()))
                .contains("| `restaurant_{id}_deal_status` | `restaurant:{id}:deals` | `deal_status` | `deal_status_changed` |")
                .contains("| `coupon_limit_reached` | `coupons:limits` | `coupon_limit_reached` | `coupon_limit_reached` |");
    }
}
