package com.menuca.promo.gateway.channel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.gateway.channel.EventRoutes.Route;
import com.menuca.promo.gateway.feed.FeedTopic;
import com.menuca.promo.schemas.json.Json;
import org.junit.jupiter.api.Test;

/** Where each derived event is broadcast: the channel map of ARCHITECTURE.md. */
class EventRoutesTest {

    private static JsonNode event(String type, Long customer) {
        return Json.mapper().createObjectNode().put("type", type).put("restaurant_id", 42)
                .put("customer_id", customer);
    }

    @Test
    void shouldSendARedemptionToTheRestaurantAndToItsCustomer() {
        assertThat(EventRoutes.routes(FeedTopic.COUPON_ACTIVITY, null, event("coupon_redeemed", 7L)))
                .containsExactly(new Route("restaurant:42:redemptions", "coupon_redeemed"),
                        new Route("customer:7:coupons", "coupon_redeemed"));
    }

    @Test
    void shouldSendTheRestaurantsExpiryWarningToTheRestaurantAndEachCustomersToThatCustomerOnly() {
        assertThat(EventRoutes.routes(FeedTopic.COUPON_ACTIVITY, null, event("coupon_expiring", null)))
                .containsExactly(new Route("restaurant:42:coupons", "coupon_expiring"));
        assertThat(EventRoutes.routes(FeedTopic.COUPON_ACTIVITY, null, event("coupon_expiring", 7L)))
                .containsExactly(new Route("customer:7:coupons", "coupon_expiring"));
        assertThat(EventRoutes.routes(FeedTopic.COUPON_ACTIVITY, null, event("coupon_expired", 7L)))
                .containsExactly(new Route("customer:7:coupons", "coupon_expired"));
    }

    @Test
    void shouldSendALimitToTheLimitsChannelAndTheRestaurant() {
        assertThat(EventRoutes.routes(FeedTopic.COUPON_ACTIVITY, null, event("coupon_limit_reached", null)))
                .containsExactly(new Route("coupons:limits", "coupon_limit_reached"),
                        new Route("restaurant:42:coupons", "coupon_limit_reached"));
    }
}
