package com.menuca.promo.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.menuca.promo.gateway.testing.GatewayStack;
import com.menuca.promo.gateway.testing.RawHttp;
import com.menuca.promo.gateway.testing.TestGateway;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Finding 6: the token check and the WebSocket handshake follow one path rule. A path under the
 * endpoint ({@code /realtime/v1/websocket/x}) once skipped the check yet upgraded; now only
 * {@code /realtime/v1/websocket} itself upgrades, and only with a valid token. Raw TCP: a client
 * library would not send these requests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UpgradePathIT {
    private TestGateway gateway;

    @BeforeAll
    void start() throws Exception {
        gateway = GatewayStack.shared().gateway(SecuritySuite.withSecret(), true);
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void noPathButTheEndpointItselfUpgradesWithoutAToken() throws Exception {
        int port = gateway.port();
        List<String> targets = List.of("/realtime/v1/websocket/x?vsn=1.0.0", "/realtime/v1/websocket/?vsn=2.0.0",
                "/realtime/v1/websocket/x/y?vsn=1.0.0", "/realtime/v1/websocket%2Fx?vsn=1.0.0",
                "/realtime/v1/websocket/..?vsn=1.0.0", "http://127.0.0.1:" + port + "/realtime/v1/websocket?vsn=1.0.0",
                "/realtime/v1/websocket?vsn=1.0.0");
        for (String target : targets) {
            RawHttp.Response response = RawHttp.upgrade(port, target);
            assertThat(response.status()).as("GET %s without a token: %s", target, response.statusLine())
                    .isNotEqualTo(101).isIn(401, 404);
        }
        assertThat(RawHttp.upgrade(port, "/realtime/v1/websocket?vsn=1.0.0").status()).isEqualTo(401);
    }

    @Test
    void aValidTokenUpgradesOnlyTheEndpointItself() throws Exception {
        int port = gateway.port();
        String token = SecuritySuite.anon();
        assertThat(RawHttp.upgrade(port, "/realtime/v1/websocket?vsn=1.0.0&apikey=" + token).status()).isEqualTo(101);
        assertThat(RawHttp.upgrade(port, "/realtime/v1/websocket?vsn=2.0.0", "x-api-key: " + token).status())
                .isEqualTo(101);
        for (String target : List.of("/realtime/v1/websocket/x?vsn=1.0.0&apikey=" + token,
                "/realtime/v1/websocket/?vsn=1.0.0&apikey=" + token)) {
            assertThat(RawHttp.upgrade(port, target).status()).as("GET %s", target).isNotEqualTo(101);
        }
    }
}
