package com.menuca.promo.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.menuca.promo.common.config.ConfigSource;
import com.menuca.promo.gateway.GatewayConfig;
import com.menuca.promo.gateway.auth.DevTokens;
import com.menuca.promo.gateway.testing.TestSocket;
import com.nimbusds.jwt.JWTClaimsSet;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Finding 5 of issue 12: sockets that never upgrade are closed by the handshake timeout (default
 * 10 s), every open socket counts against an overall cap, and the per-IP and per-token caps have
 * defaults that a single client cannot use to exhaust the gateway. Raw TCP for the handshake cases, a
 * real WebSocket client for the rest.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConnectionLimitsIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private SecurityKafka kafka;

    @BeforeAll
    void startKafka() throws Exception {
        kafka = SecurityKafka.start();
    }

    @AfterAll
    void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    private static String token(String subject) {
        return DevTokens.sign(DevTokens.DEV_SECRET, new JWTClaimsSet.Builder().subject(subject).claim("role", "anon")
                .expirationTime(new Date(System.currentTimeMillis() + 3_600_000)).build());
    }

    private static GatewayConfig defaults() {
        return GatewayConfig.loadForDev(ConfigSource.of(Map.of(GatewayConfig.RESUME_KEY.key(),
                com.menuca.promo.gateway.testing.GatewayStack.RESUME_KEY)));
    }

    /** Reads until the server closes the socket; true if it did within {@link #WAIT}. */
    private static boolean closedByServer(Socket socket) throws Exception {
        socket.setSoTimeout((int) WAIT.toMillis());
        InputStream in = socket.getInputStream();
        try {
            while (in.read() != -1) {
                // a response to a partial request would be a failure too: it is printed by the assertion
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (java.net.SocketException e) {
            return true;
        }
    }

    @Test
    void shouldCloseAnIdleSocketAndASlowlorisRequestByTheDefaultHandshakeTimeout() throws Exception {
        assertThat(defaults().handshakeTimeout()).isEqualTo(Duration.ofSeconds(10));
        try (SecureGateway gateway = SecureGateway.start(kafka, Map.of());
             Socket idle = new Socket("127.0.0.1", gateway.port());
             Socket slow = new Socket("127.0.0.1", gateway.port())) {
            OutputStream out = slow.getOutputStream();
            out.write(("GET /realtime/v1/websocket?vsn=2.0.0 HTTP/1.1\r\nHost: 127.0.0.1\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // a header byte every 500 ms, never finishing the request; stops by itself after 60 bytes
            CompletableFuture<Void> trickle = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < 60; i++) {
                        out.write('x');
                        out.flush();
                        Thread.sleep(500);
                    }
                } catch (Exception e) {
                    // closed by the server: what the test waits for
                }
            });
            assertThat(closedByServer(idle)).as("idle TCP connection closed").isTrue();
            assertThat(closedByServer(slow)).as("slowloris request closed").isTrue();
            trickle.join();
            assertThat(gateway.counter("promo.gateway.disconnects", "reason", "handshake_timeout")).isEqualTo(2);
        }
    }

    @Test
    void shouldCloseSocketsPastTheOverallCapUpgradedOrNot() throws Exception {
        try (SecureGateway gateway = SecureGateway.start(kafka, Map.of(GatewayConfig.MAX_CONNECTIONS.key(), "3"))) {
            List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < 2; i++) {
                    held.add(new Socket("127.0.0.1", gateway.port()));
                }
                try (TestSocket upgraded = TestSocket.connect(gateway.httpUrl(), token("a"), "2.0.0");
                     Socket fourth = new Socket("127.0.0.1", gateway.port())) {
                    assertThat(closedByServer(fourth)).as("the fourth socket is closed at once").isTrue();
                    assertThatThrownBy(() -> TestSocket.connect(gateway.httpUrl(), token("b"), "2.0.0"))
                            .as("no upgrade past the cap").isInstanceOf(Exception.class);
                    assertThat(gateway.counter("promo.gateway.disconnects", "reason", "connection_cap")).isGreaterThanOrEqualTo(2);
                }
                held.remove(0).close();
                org.awaitility.Awaitility.await().atMost(WAIT).until(() -> gateway.gauge("promo.gateway.connections") == 0);
                try (TestSocket again = TestSocket.connect(gateway.httpUrl(), token("c"), "2.0.0")) {
                    assertThat(again.isClosed()).as("room again once sockets closed").isFalse();
                }
            } finally {
                for (Socket socket : held) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void shouldCapSocketsPerTokenSubjectButNotPerSharedKey() throws Exception {
        GatewayConfig defaults = defaults();
        assertThat(defaults.maxConnectionsPerIp()).isEqualTo(1_000);
        assertThat(defaults.maxConnectionsPerToken()).isEqualTo(100);
        String shared = DevTokens.sign(DevTokens.DEV_SECRET, new JWTClaimsSet.Builder().claim("role", "anon")
                .expirationTime(new Date(System.currentTimeMillis() + 3_600_000)).build());
        try (SecureGateway gateway = SecureGateway.start(kafka, Map.of(GatewayConfig.MAX_CONNECTIONS_PER_TOKEN.key(), "2",
                GatewayConfig.MAX_CONNECTIONS_PER_IP.key(), "5"))) {
            List<TestSocket> open = new ArrayList<>();
            try {
                open.add(TestSocket.connect(gateway.httpUrl(), token("user-1"), "2.0.0"));
                open.add(TestSocket.connect(gateway.httpUrl(), token("user-1"), "2.0.0"));
                assertThatThrownBy(() -> TestSocket.connect(gateway.httpUrl(), token("user-1"), "2.0.0"))
                        .hasStackTraceContaining("429");
                open.add(TestSocket.connect(gateway.httpUrl(), shared, "2.0.0"));
                open.add(TestSocket.connect(gateway.httpUrl(), shared, "2.0.0"));
                open.add(TestSocket.connect(gateway.httpUrl(), shared, "2.0.0"));
                assertThatThrownBy(() -> TestSocket.connect(gateway.httpUrl(), shared, "2.0.0"))
                        .as("the sixth socket from one address").hasStackTraceContaining("429");
            } finally {
                open.forEach(TestSocket::close);
            }
        }
    }
}
