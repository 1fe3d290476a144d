package com.menuca.promo.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.gateway.GatewayConfig;
import com.menuca.promo.gateway.auth.DevTokens;
import com.menuca.promo.gateway.feed.FeedTopic;
import com.menuca.promo.gateway.testing.TestSocket;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Finding 8 of issue 12: resume positions are signed with the key every gateway instance shares, so
 * a client can no longer ask for a replay from a position no gateway issued (offset 0, say); each
 * socket has a replay budget; a join carries a bounded number of bindings (see ClientBoundsIT).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResumeLimitsIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String BINDINGS = "[{\"event\":\"*\",\"schema\":\"menuca_v3\",\"table\":\"promotional_deals\"}]";

    private SecurityKafka kafka;
    private SecureGateway gateway;
    private SecureGateway sameKey;
    private SecureGateway otherKey;

    @BeforeAll
    void start() throws Exception {
        kafka = SecurityKafka.start();
        gateway = SecureGateway.start(kafka, Map.of(GatewayConfig.REPLAY_BUDGET_RECORDS.key(), "15"));
        sameKey = SecureGateway.start(kafka, Map.of());
        otherKey = SecureGateway.start(kafka, Map.of(GatewayConfig.RESUME_KEY.key(), "another-deployment-resume-key-0123456789"));
    }

    @AfterAll
    void stop() {
        for (SecureGateway g : new SecureGateway[] {gateway, sameKey, otherKey}) {
            if (g != null) {
                g.close();
            }
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    private static String token() {
        return DevTokens.mint(DevTokens.DEV_SECRET, "service_role", List.of(), null, Duration.ofHours(1));
    }

    private static JsonNode join(TestSocket socket, String ref, String channel, String position) {
        String resume = position == null ? "" : ",\"resume\":{\"position\":\"" + position + "\"}";
        socket.send("[\"" + ref + "\",\"" + ref + "\",\"realtime:" + channel + "\",\"phx_join\",{\"config\":"
                + "{\"postgres_changes\":" + BINDINGS + resume + "}}]");
        return socket.await(f -> f.isArray() && f.get(1).asText().equals(ref) && f.get(3).asText().equals("phx_reply"), WAIT)
                .get(4);
    }

    private static String reason(JsonNode reply) {
        return reply.path("response").path("reason").asText();
    }

    @Test
    void shouldReplayOnlyFromSignedPositionsWithinTheSocketsBudget() throws Exception {
        String position;
        try (TestSocket first = TestSocket.connect(gateway.httpUrl(), token(), "2.0.0")) {
            position = join(first, "1", "deals", null).path("response").path("position").asText();
        }
        kafka.write(FeedTopic.PROMOTIONAL_DEALS, 10);

        try (TestSocket socket = TestSocket.connect(gateway.httpUrl(), token(), "2.0.0")) {
            JsonNode resumed = join(socket, "1", "deals", position);
            assertThat(resumed.path("status").asText()).as("%s", resumed).isEqualTo("ok");
            assertThat(resumed.path("response").path("replaying").asLong()).isEqualTo(10);
            JsonNode again = join(socket, "2", "deals-again", position);
            assertThat(reason(again)).as("10 more records than the 5 left of the budget of 15")
                    .startsWith("ReplayBudgetExceeded");
        }
        try (TestSocket fresh = TestSocket.connect(sameKey.httpUrl(), token(), "2.0.0")) {
            assertThat(join(fresh, "1", "deals", position).path("response").path("replaying").asLong())
                    .as("another instance with the same key honours the position").isEqualTo(10);
        }

        byte[] signed = Base64.getUrlDecoder().decode(position);
        byte[] backToZero = signed.clone();
        // body: format, topic count, topic code, partition count, then each partition's offset: zero them
        for (int i = 4; i < signed.length - 16; i++) {
            backToZero[i] = 0;
        }
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(backToZero);
        String unsigned = Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(backToZero,
                signed.length - 16));
        try (TestSocket attacker = TestSocket.connect(gateway.httpUrl(), token(), "2.0.0")) {
            assertThat(reason(join(attacker, "1", "a", forged))).startsWith("InvalidResumePosition").contains("signature");
            assertThat(reason(join(attacker, "2", "b", unsigned))).startsWith("InvalidResumePosition");
        }
        try (TestSocket elsewhere = TestSocket.connect(otherKey.httpUrl(), token(), "2.0.0")) {
            assertThat(reason(join(elsewhere, "1", "deals", position))).as("a gateway with another key")
                    .startsWith("InvalidResumePosition");
        }
    }
}
