package com.menuca.promo.bench.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.menuca.promo.bench.gateway.Audience.Kind;
import com.menuca.promo.bench.gateway.Audience.Member;
import com.menuca.promo.bench.gateway.Verification.Expected;
import com.menuca.promo.bench.gateway.Verification.Stream;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The realistic benchmark's client tells delivered from lost, duplicated and foreign frames. */
class VerifyingClientTest {
    private final Audience audience = Audience.of(40, "test-secret-test-secret-test-secret-0000", 7);
    private Verification tally;

    @BeforeEach
    void fresh() {
        tally = new Verification();
    }

    private VerifyingClient client(Member member) {
        return new VerifyingClient(member, tally, new CountDownLatch(1), () -> { });
    }

    private Member dashboardOf(long restaurant) {
        return audience.dashboards(restaurant).get(0);
    }

    private static void push(VerifyingClient client, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ByteBuf buffer = Unpooled.wrappedBuffer(new byte[3], bytes);
        client.push(buffer, 3, 3 + bytes.length, System.nanoTime());
    }

    private static String usageChange(long restaurant, long customer, long orderId) {
        return "[null,null,\"realtime:restaurant:" + restaurant + ":redemptions\",\"postgres_changes\",{\"ids\":[1],"
                + "\"data\":{\"schema\":\"menuca_v3\",\"table\":\"coupon_usage_log\",\"commit_timestamp\":\"2026-12-06T08:00:00.000Z\","
                + "\"type\":\"INSERT\",\"columns\":[{\"name\":\"id\",\"type\":\"int8\"}],\"record\":{\"id\":5,\"restaurant_id\":"
                + restaurant + ",\"customer_id\":" + customer + ",\"order_id\":" + orderId + "},\"errors\":null},\"position\":\"x\"}]";
    }

    private static Expected expected(String op) {
        long now = System.nanoTime();
        return new Expected(op, now, now, Stream.CHANGE, true);
    }

    @Test
    void aRowDeliveredOnceIsMatchedAndTimed() {
        VerifyingClient dashboard = client(dashboardOf(1));
        dashboard.expect("coupon_usage_log:77", expected("INSERT"));
        push(dashboard, usageChange(1, 3, 77));

        assertThat(tally.matched.sum()).isEqualTo(1);
        assertThat(tally.clean()).isTrue();
        assertThat(tally.latency().get("change_commit_to_client")).asString().contains("samples=1");
    }

    @Test
    void aFrameBeforeTheWriterRegisteredItsCommitStillMatches() {
        VerifyingClient dashboard = client(dashboardOf(1));
        push(dashboard, usageChange(1, 3, 78));
        assertThat(tally.unmatched.get()).isEqualTo(1);

        dashboard.expect("coupon_usage_log:78", expected("INSERT"));

        assertThat(tally.unmatched.get()).isZero();
        assertThat(tally.clean()).isTrue();
    }

    @Test
    void theSameRowTwiceIsADuplicate() {
        VerifyingClient dashboard = client(dashboardOf(1));
        dashboard.expect("coupon_usage_log:79", expected("INSERT"));
        push(dashboard, usageChange(1, 3, 79));
        push(dashboard, usageChange(1, 3, 79));

        assertThat(tally.unmatched.get()).isEqualTo(1);
        assertThat(tally.clean()).isFalse();
    }

    @Test
    void aRowNeverDeliveredIsLost() {
        VerifyingClient dashboard = client(dashboardOf(1));
        dashboard.expect("coupon_usage_log:80", expected("INSERT"));
        dashboard.expect("coupon_usage_log:81", expected("INSERT"));
        push(dashboard, usageChange(1, 3, 81));

        assertThat(tally.outstanding.get()).isEqualTo(1);
        assertThat(dashboard.pendingSample()).contains("coupon_usage_log:80");
        assertThat(tally.clean()).isFalse();
    }

    @Test
    void anotherRestaurantsRowIsForeign() {
        VerifyingClient dashboard = client(dashboardOf(1));
        push(dashboard, usageChange(2, 3, 82).replace("restaurant:2:", "restaurant:1:"));

        assertThat(tally.foreignFrames()).isEqualTo(1);
        assertThat(tally.clean()).isFalse();
    }

    @Test
    void aChangeOfAnotherTypeThanCommittedIsCounted() {
        VerifyingClient dashboard = client(dashboardOf(1));
        dashboard.expect("coupon_usage_log:83", expected("DELETE"));
        push(dashboard, usageChange(1, 3, 83));

        assertThat(tally.opMismatches.sum()).isEqualTo(1);
        assertThat(tally.clean()).isFalse();
    }

    @Test
    void aBinaryBroadcastIsReadAndMatchedByOrder() throws Exception {
        VerifyingClient dashboard = client(dashboardOf(1));
        dashboard.expect("coupon_redeemed:84", new Expected("coupon_redeemed", 0, 0, Stream.DERIVED, false));
        byte[] topic = "realtime:restaurant:1:redemptions".getBytes(StandardCharsets.US_ASCII);
        byte[] event = "coupon_redeemed".getBytes(StandardCharsets.US_ASCII);
        byte[] meta = "{\"id\":\"e1\"}".getBytes(StandardCharsets.US_ASCII);
        byte[] payload = ("{\"event_id\":\"e1\",\"type\":\"coupon_redeemed\",\"restaurant_id\":1,\"customer_id\":3,"
                + "\"data\":{\"usage_id\":9,\"order_id\":84}}").getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(new byte[] {4, (byte) topic.length, (byte) event.length, (byte) meta.length, 1});
        frame.write(topic);
        frame.write(event);
        frame.write(meta);
        frame.write(payload);

        dashboard.channelRead0(null, new io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame(
                Unpooled.wrappedBuffer(frame.toByteArray())));

        assertThat(tally.matched.sum()).isEqualTo(1);
        assertThat(tally.clean()).isTrue();
    }

    @Test
    void anotherCustomersSavingsAreForeign() {
        Member customer = audience.members().stream().filter(m -> m.kind() == Kind.CUSTOMER).findFirst().orElseThrow();
        VerifyingClient client = client(customer);
        push(client, "[null,null,\"realtime:customer:" + customer.id() + ":savings\",\"broadcast\",{\"type\":\"broadcast\","
                + "\"event\":\"customer_savings\",\"payload\":{\"customer_id\":" + (customer.id() + 1) + "},\"meta\":{}}]");
        push(client, "[null,null,\"realtime:customer:" + customer.id() + ":savings\",\"broadcast\",{\"type\":\"broadcast\","
                + "\"event\":\"customer_savings\",\"payload\":{\"customer_id\":" + customer.id() + "},\"meta\":{}}]");

        assertThat(tally.foreignFrames()).isEqualTo(1);
        assertThat(tally.latestValues.sum()).isEqualTo(1);
    }

    @Test
    void aFrameThatIsNotJsonIsUnreadable() {
        VerifyingClient dashboard = client(dashboardOf(1));
        push(dashboard, "[null,null,\"realtime:restaurant:1:redemptions\",\"postgres_changes\",{\"ids\":[1],");

        assertThat(tally.badFrames.sum()).isEqualTo(1);
        assertThat(tally.clean()).isFalse();
    }

    @Test
    void theMixHasOperatorsDashboardsAndCustomersWithTheirOwnChannels() {
        Audience tenThousand = Audience.of(10_000, "test-secret-test-secret-test-secret-0000", 1);
        assertThat(tenThousand.operators()).hasSize(5);
        assertThat(tenThousand.restaurants()).isEqualTo(500);
        assertThat(tenThousand.customers()).isEqualTo(10_000 - 5 - 1_000);
        assertThat(tenThousand.dashboards(42)).hasSize(2)
                .allSatisfy(m -> assertThat(m.channels()).extracting(Audience.Channel::topic)
                        .contains("realtime:restaurant:42:redemptions"));
        assertThat(tenThousand.customer(7).channels()).hasSize(5);
        Audience.Member dashboard = tenThousand.dashboards(42).get(0);
        assertThat(Audience.join(dashboard.channels().get(0), 1, dashboard.token()))
                .contains("\"filter\":\"restaurant_id=eq.42\"", "\"table\":\"promotional_coupons\"")
                .as("as supabase-js joins: with its access token").contains("\"access_token\":\"" + dashboard.token() + "\"");
    }
}
