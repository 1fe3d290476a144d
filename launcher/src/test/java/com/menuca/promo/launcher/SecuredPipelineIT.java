package com.menuca.promo.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.bridge.NotifyBridgeConfig;
import com.menuca.promo.bridge.service.NotifyBridge;
import com.menuca.promo.capture.CaptureConfig;
import com.menuca.promo.capture.engine.CaptureService;
import com.menuca.promo.common.config.ConfigSource;
import com.menuca.promo.common.kafka.KafkaSetupException;
import com.menuca.promo.common.ops.Readiness;
import com.menuca.promo.gateway.Gateway;
import com.menuca.promo.gateway.GatewayConfig;
import com.menuca.promo.gateway.auth.DevTokens;
import com.menuca.promo.infra.Directories;
import com.menuca.promo.infra.kafka.EmbeddedKafkaBroker;
import com.menuca.promo.infra.kafka.SaslSslListener;
import com.menuca.promo.infra.postgres.EmbeddedPostgresServer;
import com.menuca.promo.infra.testing.TestCertificates;
import com.menuca.promo.infra.testing.TlsOnlyPostgres;
import com.menuca.promo.processor.ProcessorConfig;
import com.menuca.promo.processor.service.ProcessorService;
import com.menuca.promo.schemas.json.Json;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import picocli.CommandLine;

/**
 * The product as docs/kafka-security.md and docs/postgres.md tell an operator to run it: a Kafka whose
 * only listener is SASL_SSL (SCRAM-SHA-512 over TLS, a CA this test makes) with ACLs enforced, and a
 * PostgreSQL that accepts only TLS. An administrator migrates the schema ({@code promo migrate}), runs
 * the documented SQL for the capture's role, grants each principal the ACLs {@code promo acls} prints
 * and creates the topics ({@code promo topics apply}); then capture, processor and gateway each run
 * as their own principal from their own properties file, and a WebSocket client sees a row change and
 * the event derived from it; the optional notify bridge, as its own principal too, notifies that event
 * to a backend that LISTENs. Principals without their ACLs, a wrong password and an untrusted CA each
 * fail at once with a message that says what to fix.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecuredPipelineIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String RESTAURANT = "4242";

    private final Map<String, String> passwords = new LinkedHashMap<>();
    private Path home;
    private TestCertificates ca;
    private EmbeddedPostgresServer postgres;
    private EmbeddedKafkaBroker kafka;
    private SaslSslListener listener;
    private String postgresAdminPassword;
    private String captureRolePassword;
    private CaptureService capture;
    private ProcessorService processor;
    private Gateway gateway;
    private NotifyBridge bridge;
    private long couponId;

    @BeforeAll
    void startSecuredInfrastructure() throws Exception {
        home = Files.createTempDirectory("secured-pipeline-it");
        ca = TestCertificates.newAuthority(home.resolve("tls"), "promo-it");

        postgresAdminPassword = secret("pg-admin");
        postgres = TlsOnlyPostgres.start(ca, home.resolve("postgres"), postgresAdminPassword);

        TestCertificates.ServerCertificate kafkaCert = ca.issueServer("kafka");
        listener = new SaslSslListener(kafkaCert.keyStore(), ca.caPem(), "admin", secret("admin"), secret("controller"));
        kafka = EmbeddedKafkaBroker.startSecured(home.resolve("kafka"), 0, listener);
        for (String service : List.of("capture", "process", "gateway", "notify-bridge", "topics", "replay", "status",
                "intruder", "partial")) {
            passwords.put(service, secret(service));
            listener.createUser(kafka.bootstrapServers(), "promo-" + service, passwords.get(service));
        }
    }

    @AfterAll
    void stopEverything() {
        for (AutoCloseable running : new AutoCloseable[] {bridge, gateway, processor, capture, kafka, postgres}) {
            try {
                if (running != null) {
                    running.close();
                }
            } catch (Exception e) {
                // keep stopping the rest
            }
        }
        Directories.deleteQuietly(home);
    }

    @Test
    @Order(1)
    void anAdministratorMigratesOverTlsRunsTheDocumentedRoleSqlGrantsAclsAndCreatesTopics() throws Exception {
        Path adminPg = writeConfig("migrate", postgresSettings(EmbeddedPostgresServer.USER, postgresAdminPassword));
        Run migrate = promo("migrate", "--config", adminPg.toString());
        assertThat(migrate.code).as("promo migrate: %s%s", migrate.out, migrate.err).isZero();
        assertThat(migrate.out).contains("new -> version 2 (2 migration(s) applied)").contains("sslmode verify-full");

        captureRolePassword = secret("pg-capture");
        try (Connection c = adminConnection(); Statement s = c.createStatement()) {
            for (String statement : documentedCaptureRoleSql()) {
                s.execute(statement.replace("change-me", captureRolePassword));
            }
        }

        try (Admin admin = Admin.create(listener.superUserClient(kafka.bootstrapServers()))) {
            for (String service : AclsCommand.SERVICES) {
                admin.createAcls(AclsCommand.of(service, ConfigSource.of(Map.of())).bindings("User:promo-" + service))
                        .all().get(30, TimeUnit.SECONDS);
            }
        }
        Run apply = promo("topics", "apply", "--config", writeConfig("topics", kafkaSettings("topics")).toString());
        assertThat(apply.code).as("promo topics apply: %s%s", apply.out, apply.err).isZero();
        assertThat(apply.out).contains("created menuca.menuca_v3.promotional_deals").contains("created promo.capture.offsets");
    }

    @Test
    @Order(2)
    void eachServiceRunsAsItsOwnPrincipalAndAClientSeesTheChangeAndTheEventDerivedFromIt() throws Exception {
        Map<String, String> captureSettings = new LinkedHashMap<>(postgresSettings("promo_capture", captureRolePassword));
        captureSettings.putAll(kafkaSettings("capture"));
        captureSettings.put("capture.http.port", "0");
        capture = new CaptureService(CaptureConfig.load(fromFile("capture", captureSettings)), new SimpleMeterRegistry());
        capture.start();

        Map<String, String> processorSettings = new LinkedHashMap<>(kafkaSettings("process"));
        processorSettings.put("processor.state.dir", home.resolve("processor").toString());
        processorSettings.put("processor.http.port", "0");
        processorSettings.put("processor.query.token", secret("processor-query-token-of-at-least-32-bytes"));
        processor = new ProcessorService(ProcessorConfig.load(fromFile("process", processorSettings)), new SimpleMeterRegistry());
        processor.start("127.0.0.1:1");

        // The gateway's password comes from a file through Kafka's own config provider.
        Path jaas = Files.writeString(home.resolve("gateway-secrets.properties"),
                "jaas=" + listener.clientProperties("promo-gateway", passwords.get("gateway")).get("sasl.jaas.config")
                        .replace("\\", "\\\\") + "\n");
        Map<String, String> gatewaySettings = new LinkedHashMap<>(kafkaSettings("gateway"));
        gatewaySettings.put("kafka.config.providers", "file");
        gatewaySettings.put("kafka.config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider");
        gatewaySettings.put("kafka.sasl.jaas.config", "${file:" + jaas + ":jaas}");
        gatewaySettings.put("gateway.port", "0");
        gatewaySettings.put("gateway.ops.port", "0");
        gatewaySettings.put("gateway.resume.key", secret("resume-key-of-at-least-32-bytes-long"));
        String jwtSecret = secret("jwt-secret-of-at-least-32-bytes");
        gatewaySettings.put("gateway.jwt.secret", jwtSecret);
        gateway = Gateway.start(GatewayConfig.load(fromFile("gateway", gatewaySettings)), new Readiness(),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));

        capture.awaitStreaming(WAIT);
        processor.awaitRunning(WAIT);
        await().atMost(WAIT).until(gateway::isReady);

        String token = DevTokens.mint(jwtSecret, "service_role", List.of(), null, Duration.ofHours(1));
        try (RealtimeSocket socket = RealtimeSocket.open(gateway.port(), token)) {
            socket.join("restaurant:" + RESTAURANT + ":redemptions", token);
            try (Connection c = adminConnection(); Statement s = c.createStatement()) {
                long dealId = id(s, "INSERT INTO menuca_v3.promotional_deals (restaurant_id, title, deal_type, discount_percent, "
                        + "starts_at, ends_at, is_active, status) VALUES (" + RESTAURANT + ", 'Secured', 'percent', 10.00, "
                        + "now() - interval '1 hour', now() + interval '7 days', true, 'active') RETURNING id");
                couponId = id(s, "INSERT INTO menuca_v3.promotional_coupons (restaurant_id, deal_id, code, discount_type, "
                        + "discount_value) VALUES (" + RESTAURANT + ", " + dealId + ", 'TLS10', 'amount', 4.50) RETURNING id");
                s.execute("INSERT INTO menuca_v3.coupon_usage_log (coupon_id, restaurant_id, customer_id, order_id, "
                        + "discount_applied, order_total) VALUES (" + couponId + ", " + RESTAURANT + ", 77, 9001, 4.50, 30.00)");
            }
            socket.awaitMessage(m -> "postgres_changes".equals(m.path("event").asText())
                    && m.path("payload").path("data").path("record").path("order_id").asLong() == 9001, WAIT);
            socket.awaitMessage(m -> "broadcast".equals(m.path("event").asText())
                    && "coupon_redeemed".equals(m.path("payload").path("event").asText())
                    && m.path("payload").path("payload").toString().contains(String.valueOf(couponId)), WAIT);

            // presence and client broadcasts go through the gateway topics, with the grants of `promo acls gateway`
            String room = "restaurant:" + RESTAURANT + ":staff";
            socket.join(room, token);
            socket.pushAndAwaitOk(room, "presence", Map.of("type", "presence", "event", "track",
                    "payload", Map.of("who", "secured")));
            HttpResponse<String> posted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + gateway.port() + "/realtime/v1/api/broadcast"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"messages\":[{\"topic\":\"" + room
                            + "\",\"event\":\"secured\",\"payload\":{\"n\":1}}]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(posted.statusCode()).as("HTTP broadcast: %s", posted.body()).isEqualTo(202);
            socket.awaitMessage(m -> "broadcast".equals(m.path("event").asText())
                    && ("realtime:" + room).equals(m.path("topic").asText())
                    && "secured".equals(m.path("payload").path("event").asText()), WAIT);
        }
    }

    @Test
    @Order(3)
    void theNotifyBridgeRunsAsItsOwnPrincipalOverTlsAndABackendThatListensGetsTheEvent() throws Exception {
        try (Connection backend = adminConnection(); Statement s = backend.createStatement()) {
            s.execute("LISTEN restaurant_" + RESTAURANT + "_coupon_redeemed");
            // the bridge creates its schema, so it connects as the database's owner here (docs/supabase.md: Privileges)
            Map<String, String> bridgeSettings = new LinkedHashMap<>(postgresSettings(EmbeddedPostgresServer.USER,
                    postgresAdminPassword));
            bridgeSettings.putAll(kafkaSettings("notify-bridge"));
            bridgeSettings.put("notify.bridge.start", "earliest");
            bridge = new NotifyBridge(NotifyBridgeConfig.load(fromFile("notify-bridge", bridgeSettings)), new SimpleMeterRegistry());
            bridge.start();

            PGConnection notifications = backend.unwrap(PGConnection.class);
            List<JsonNode> notified = new ArrayList<>();
            await().atMost(WAIT).untilAsserted(() -> {
                PGNotification[] arrived = notifications.getNotifications(500);
                for (PGNotification notification : arrived == null ? new PGNotification[0] : arrived) {
                    notified.add(Json.mapper().readTree(notification.getParameter()));
                }
                assertThat(notified).as("NOTIFYs on restaurant_%s_coupon_redeemed", RESTAURANT)
                        .anyMatch(n -> n.path("type").asText().equals("coupon_redeemed")
                                && n.path("coupon_code").asText().equals("TLS10") && n.path("order_id").asLong() == 9001);
            });
            assertThat(bridge.termination()).as("the bridge runs on").isNotDone();
        }
    }

    @Test
    @Order(4)
    void theToolsRunAsTheirOwnPrincipalsOverTls() throws Exception {
        Map<String, String> statusSettings = new LinkedHashMap<>(postgresSettings("promo_capture", captureRolePassword));
        statusSettings.putAll(kafkaSettings("status"));
        Run status = promo("status", "--config", writeConfig("status", statusSettings).toString());
        assertThat(status.code).as("promo status: %s%s", status.out, status.err).isIn(0, StatusCommand.EXIT_WARNINGS);
        assertThat(status.out).contains("slot promo_capture").contains("group promo-processor");

        Run replay = promo("replay", "--topic", "menuca.menuca_v3.coupon_usage_log", "--from", "beginning", "--quiet",
                "--config", writeConfig("replay", kafkaSettings("replay")).toString());
        assertThat(replay.code).as("promo replay: %s", replay.err).isZero();
        assertThat(replay.out).contains("\"order_id\":9001");
    }

    @Test
    @Order(5)
    void aPrincipalWithoutItsAclsAWrongPasswordAndAnUntrustedCaFailAtOnceSayingWhatToFix() throws Exception {
        Map<String, String> intruder = new LinkedHashMap<>(kafkaSettings("intruder"));
        intruder.put("processor.state.dir", home.resolve("intruder").toString());
        assertFailsAtOnce(intruder, "(User:promo-intruder)", "promo acls process");

        Map<String, String> gatewayAsProcessor = new LinkedHashMap<>(kafkaSettings("gateway"));
        gatewayAsProcessor.put("processor.state.dir", home.resolve("gateway-as-processor").toString());
        assertFailsAtOnce(gatewayAsProcessor, "(User:promo-gateway)", "promo acls process");

        // Every processor ACL but one: the check names the one that is missing, as the command that grants it.
        try (Admin admin = Admin.create(listener.superUserClient(kafka.bootstrapServers()))) {
            admin.createAcls(AclsCommand.of("process", ConfigSource.of(Map.of())).bindings("User:promo-partial").stream()
                    .filter(b -> !(b.pattern().name().equals("promo.deal-lifecycle")
                            && b.entry().operation() == org.apache.kafka.common.acl.AclOperation.WRITE))
                    .toList()).all().get(30, TimeUnit.SECONDS);
        }
        Map<String, String> partial = new LinkedHashMap<>(kafkaSettings("partial"));
        partial.put("processor.state.dir", home.resolve("partial").toString());
        assertFailsAtOnce(partial, "(User:promo-partial) lacks ACLs",
                "--add --allow-principal User:promo-partial --operation Write --topic promo.deal-lifecycle");

        Map<String, String> wrongPassword = new LinkedHashMap<>(kafkaSettings("process"));
        wrongPassword.put("kafka.sasl.jaas.config", listener.clientProperties("promo-process", "not-the-password")
                .get("sasl.jaas.config"));
        assertFailsAtOnce(wrongPassword, "refused the credentials", "kafka.sasl.jaas.config");

        Map<String, String> untrusted = new LinkedHashMap<>(kafkaSettings("process"));
        untrusted.put("kafka.ssl.truststore.location",
                TestCertificates.newAuthority(home.resolve("other-ca"), "other").caPem().toString());
        assertFailsAtOnce(untrusted, "TLS handshake of the processor", "kafka.ssl.truststore.location");

        // The capture and the gateway as a principal without their ACLs: the same, not a retry loop.
        Map<String, String> captureAsIntruder = new LinkedHashMap<>(postgresSettings("promo_capture", captureRolePassword));
        captureAsIntruder.putAll(kafkaSettings("intruder"));
        captureAsIntruder.put("capture.slot.name", "promo_capture_intruder");
        Instant started = Instant.now();
        try (CaptureService wrongCapture = new CaptureService(CaptureConfig.load(ConfigSource.of(captureAsIntruder)),
                new SimpleMeterRegistry())) {
            assertThatThrownBy(wrongCapture::start).isInstanceOf(KafkaSetupException.class)
                    .hasMessageContaining("(User:promo-intruder)").hasMessageContaining("promo acls capture");
        }
        Map<String, String> gatewayAsIntruder = new LinkedHashMap<>(kafkaSettings("intruder"));
        gatewayAsIntruder.put("gateway.port", "0");
        gatewayAsIntruder.put("gateway.ops.port", "0");
        gatewayAsIntruder.put("gateway.resume.key", secret("resume-key-of-at-least-32-bytes-long"));
        gatewayAsIntruder.put("gateway.jwt.secret", secret("jwt-secret-of-at-least-32-bytes"));
        Gateway wrongGateway = Gateway.start(GatewayConfig.load(ConfigSource.of(gatewayAsIntruder)), new Readiness(),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> wrongGateway.failure().isDone());
            assertThat(wrongGateway.failure()).isCompletedExceptionally();
            assertThat(wrongGateway.failure().handle((ok, e) -> e.getMessage()).join())
                    .contains("denied the gateway access to topic(s)").contains("promo acls");
            assertThat(wrongGateway.isReady()).isFalse();
        } finally {
            wrongGateway.close();
        }
        assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofSeconds(60));

        Run topics = promo("topics", "check", "--config", writeConfig("intruder-topics", kafkaSettings("intruder")).toString());
        assertThat(topics.code).isEqualTo(Promo.EXIT_SETUP_PROBLEM);
        assertThat(topics.err.lines().count()).as("one line: %s", topics.err).isEqualTo(1);
        assertThat(topics.err).contains("denied promo topics access to topic(s) [menuca.menuca_v3.coupon_usage_log")
                .contains("promo acls");
    }

    private void assertFailsAtOnce(Map<String, String> settings, String... messageParts) {
        Instant started = Instant.now();
        Map<String, String> withTimeout = new LinkedHashMap<>(settings);
        withTimeout.put("processor.startup.timeout", "60s");
        withTimeout.put("processor.http.port", "0");
        withTimeout.put("processor.query.token", secret("processor-query-token-of-at-least-32-bytes"));
        ProcessorService wrong = new ProcessorService(ProcessorConfig.load(ConfigSource.of(withTimeout)), new SimpleMeterRegistry());
        try {
            assertThatThrownBy(() -> wrong.start("127.0.0.1:1")).isInstanceOf(KafkaSetupException.class)
                    .satisfies(e -> assertThat(e.getMessage()).contains(messageParts));
        } finally {
            wrong.close();
        }
        assertThat(Duration.between(started, Instant.now())).as("no retry loop up to the start-up timeout")
                .isLessThan(Duration.ofSeconds(30));
    }

    /** The SQL block docs/postgres.md gives for the capture's least-privileged role, statement by statement. */
    private static List<String> documentedCaptureRoleSql() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "postgres.md"));
        Matcher block = Pattern.compile("```sql\\n(-- least-privileged capture role.*?)```", Pattern.DOTALL).matcher(doc);
        assertThat(block.find()).as("docs/postgres.md has the capture role's SQL").isTrue();
        List<String> statements = new ArrayList<>();
        for (String statement : block.group(1).split(";\\s*\\n")) {
            String sql = statement.lines().filter(line -> !line.strip().startsWith("--")).reduce("", (a, b) -> a + "\n" + b).strip();
            if (!sql.isEmpty()) {
                statements.add(sql);
            }
        }
        return statements;
    }

    private Map<String, String> postgresSettings(String user, String password) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("postgres.host", "127.0.0.1");
        s.put("postgres.port", String.valueOf(postgres.port()));
        s.put("postgres.database", EmbeddedPostgresServer.DATABASE);
        s.put("postgres.user", user);
        s.put("postgres.password", password);
        s.put("postgres.sslmode", "verify-full");
        s.put("postgres.sslrootcert", ca.caPem().toString());
        return s;
    }

    private Map<String, String> kafkaSettings(String service) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        listener.clientProperties("promo-" + service, passwords.get(service)).forEach((k, v) -> s.put("kafka." + k, v));
        return s;
    }

    private Path writeConfig(String name, Map<String, String> settings) throws Exception {
        Properties props = new Properties();
        props.putAll(settings);
        Path file = home.resolve(name + ".properties");
        try (var out = Files.newBufferedWriter(file)) {
            props.store(out, name);
        }
        return file;
    }

    /** As the service command reads it: the file it is given (and the process environment). */
    private ConfigSource fromFile(String name, Map<String, String> settings) throws Exception {
        return ConfigSource.fromEnvironment(Optional.of(writeConfig(name, settings)));
    }

    private Connection adminConnection() throws Exception {
        Properties props = new Properties();
        props.putAll(Map.of("user", EmbeddedPostgresServer.USER, "password", postgresAdminPassword,
                "sslmode", "verify-full", "sslrootcert", ca.caPem().toString()));
        return postgres.connect(props);
    }

    private static long id(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String secret(String name) {
        return name + "-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
    }

    private static Run promo(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Promo.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private record Run(int code, String out, String err) {
    }

    /** A Supabase Realtime client (serializer 1.0.0) over the JDK's WebSocket: joins and collects what arrives. */
    private static final class RealtimeSocket implements WebSocket.Listener, AutoCloseable {
        private final List<JsonNode> received = new CopyOnWriteArrayList<>();
        private final StringBuilder partial = new StringBuilder();
        private final Map<String, String> joinRefs = new java.util.HashMap<>();
        private WebSocket socket;
        private int ref;

        static RealtimeSocket open(int port, String token) {
            RealtimeSocket client = new RealtimeSocket();
            client.socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(
                    "ws://127.0.0.1:" + port + "/realtime/v1/websocket?apikey=" + token + "&vsn=1.0.0"), client).join();
            return client;
        }

        void join(String channel, String token) throws Exception {
            String joinRef = String.valueOf(++ref);
            joinRefs.put(channel, joinRef);
            String topic = "realtime:" + channel;
            socket.sendText(Json.mapper().writeValueAsString(Map.of("topic", topic, "event", "phx_join", "ref", joinRef,
                    "join_ref", joinRef, "payload", Map.of("access_token", token, "config", Map.of("postgres_changes",
                            List.of(Map.of("event", "INSERT", "schema", "menuca_v3", "table", "coupon_usage_log",
                                    "filter", "restaurant_id=eq." + RESTAURANT)))))), true).join();
            awaitMessage(m -> "phx_reply".equals(m.path("event").asText()) && joinRef.equals(m.path("ref").asText())
                    && "ok".equals(m.path("payload").path("status").asText()), WAIT);
        }

        /** Pushes {@code event} on a joined channel and waits for its ok reply. */
        void pushAndAwaitOk(String channel, String event, Map<String, ?> payload) throws Exception {
            String pushRef = String.valueOf(++ref);
            socket.sendText(Json.mapper().writeValueAsString(Map.of("topic", "realtime:" + channel, "event", event,
                    "ref", pushRef, "join_ref", joinRefs.get(channel), "payload", payload)), true).join();
            awaitMessage(m -> "phx_reply".equals(m.path("event").asText()) && pushRef.equals(m.path("ref").asText())
                    && "ok".equals(m.path("payload").path("status").asText()), WAIT);
        }

        void awaitMessage(java.util.function.Predicate<JsonNode> expected, Duration timeout) {
            await().atMost(timeout).pollInterval(Duration.ofMillis(50))
                    .untilAsserted(() -> assertThat(received).as("messages received").anyMatch(expected));
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    received.add(Json.mapper().readTree(partial.toString()));
                } catch (Exception e) {
                    throw new IllegalStateException("not JSON: " + partial, e);
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public void close() {
            socket.abort();
        }
    }
}
