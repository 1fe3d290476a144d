package com.menuca.promo.gateway.channel;

import static org.assertj.core.api.Assertions.assertThat;

import com.menuca.promo.schemas.derived.NotifyChannel;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Old pg_notify names join the channel that carries their events, under the event name the old name says. */
class ChannelNamesTest {

    @Test
    void shouldServeEveryOldNameAsAnAliasOfItsChannel() {
        for (NotifyChannel old : NotifyChannel.values()) {
            ResolvedChannel alias = ChannelNames.resolve(old.name(42));
            assertThat(alias.isAlias()).as(old.template()).isTrue();
            assertThat(alias.isProtected()).isTrue();
            assertThat(alias.events()).containsExactly(old.type().wireName());
            assertThat(alias.clientEvent(old.type().wireName())).isEqualTo(old.clientEvent());
            assertThat(EventRoutes.sourceOf(alias.canonical())).as("%s has a source", alias.canonical())
                    .isEqualTo(old.type().topic().name().equals("promo.deal-lifecycle")
                            ? com.menuca.promo.gateway.feed.FeedTopic.DEAL_LIFECYCLE
                            : com.menuca.promo.gateway.feed.FeedTopic.COUPON_ACTIVITY);
        }
        ResolvedChannel status = ChannelNames.resolve("restaurant_42_deal_status");
        assertThat(status.canonical()).isEqualTo("restaurant:42:deals");
        assertThat(status.clientEvent("deal_status_changed")).isEqualTo("deal_status");
        assertThat(ChannelNames.resolve("customer_7_coupon_redeemed").canonical()).isEqualTo("customer:7:coupons");
        assertThat(ChannelNames.resolve("coupon_limit_reached").canonical()).isEqualTo("coupons:limits");
    }

    @Test
    void shouldKeepEventNamesOnTheNewChannels() {
        ResolvedChannel deals = ChannelNames.resolve("restaurant:42:deals");
        assertThat(deals.isAlias()).isFalse();
        assertThat(deals.events()).isEqualTo(Set.of());
        assertThat(deals.clientEvent("deal_status_changed")).isEqualTo("deal_status_changed");
    }
}
