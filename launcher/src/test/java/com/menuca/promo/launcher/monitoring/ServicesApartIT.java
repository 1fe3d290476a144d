package com.menuca.promo.launcher.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.menuca.promo.gateway.auth.DevTokens;
import com.menuca.promo.infra.EmbeddedRuntime;
import com.menuca.promo.infra.FreePort;
import com.menuca.promo.infra.demo.DemoDataSeeder;
import com.menuca.promo.infra.demo.TrafficSimulator;
import com.menuca.promo.infra.postgres.EmbeddedPostgresServer;
import com.menuca.promo.infra.process.JavaCommand;
import com.menuca.promo.infra.process.PromoProcess;
import com.menuca.promo.launcher.monitoring.PromQlSelectors.Matcher;
import com.menuca.promo.launcher.monitoring.PromQlSelectors.Selector;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The three services as operators run them, apart: {@code promo capture}, {@code promo process} and
 * {@code promo gateway}, each the packaged launcher in its own process, on an embedded PostgreSQL and
 * Kafka with demo traffic flowing. The gateway is configured with the other two as metrics targets and
 * logs JSON. Checked: every metric the shipped alert rules and Grafana dashboard name is exported by the
 * service the query selects (so no rule silently watches nothing); the operator view's metrics come
 * through the gateway for an operator token only, and the dashboard's operator view in a real browser
 * shows every service and its events per second, while the gateway's own /metrics and /ready are on its
 * ops port only; every line the gateway logs is one JSON object; and on
 * SIGTERM the gateway closes its clients with 1001 and stops.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServicesApartIT {
    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final String SECRET = "services-apart-it-secret-of-at-least-32-bytes";
    /** Labels Prometheus adds when it scrapes: not the services' to export. */
    private static final Set<String> TARGET_LABELS = Set.of("job", "instance", "namespace");
    /** Series Prometheus makes itself. */
    private static final Set<String> SYNTHESIZED = Set.of("up");
    private static final Map<String, String> TARGET_OF_JOB = Map.of("promo-capture", "capture",
            "promo-processor", "processor", "promo-gateway", "gateway");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private Path home;
    private EmbeddedRuntime runtime;
    private TrafficSimulator traffic;
    private final List<PromoProcess> services = new ArrayList<>();
    private PromoProcess gateway;
    private int gatewayPort;
    private int gatewayOpsPort;

    @BeforeAll
    void startServicesApart() throws Exception {
        home = Files.createTempDirectory("services-apart-it");
        runtime = EmbeddedRuntime.start(home, 0, 0);
        try (Connection db = runtime.postgres().connect()) {
            new DemoDataSeeder(7, DemoDataSeeder.Size.DEFAULT, Clock.systemUTC().instant()).seedIfEmpty(db);
        }
        JavaCommand java = JavaCommand.packaged(Path.of("target", "promo.jar"), "-Xmx384m");
        int capturePort = FreePort.find();
        int processorPort = FreePort.find();
        gatewayPort = FreePort.find();
        gatewayOpsPort = FreePort.find();
        Map<String, String> kafka = Map.of("PROMO_KAFKA_BOOTSTRAP_SERVERS", runtime.bootstrapServers());

        Map<String, String> capture = new HashMap<>(kafka);
        capture.putAll(Map.of("PROMO_POSTGRES_HOST", runtime.postgres().host(),
                "PROMO_POSTGRES_PORT", String.valueOf(runtime.postgres().port()),
                "PROMO_POSTGRES_DATABASE", EmbeddedPostgresServer.DATABASE, "PROMO_POSTGRES_USER", EmbeddedPostgresServer.USER,
                "PROMO_POSTGRES_PASSWORD", EmbeddedPostgresServer.PASSWORD, "PROMO_CAPTURE_HTTP_PORT", String.valueOf(capturePort)));
        services.add(PromoProcess.start("capture", java, List.of("capture"), capture, home.resolve("capture.log")));
        services.get(0).awaitHttpOk(URI.create("http://127.0.0.1:" + capturePort + "/ready"), WAIT);

        Map<String, String> processor = new HashMap<>(kafka);
        processor.putAll(Map.of("PROMO_PROCESSOR_STATE_DIR", home.resolve("processor").toString(),
                "PROMO_PROCESSOR_HTTP_PORT", String.valueOf(processorPort),
                "PROMO_PROCESSOR_QUERY_TOKEN", "services-apart-it-query-token-of-at-least-32-bytes"));
        services.add(PromoProcess.start("processor", java, List.of("process"), processor, home.resolve("processor.log")));

        Map<String, String> gatewayEnv = new HashMap<>(kafka);
        gatewayEnv.putAll(Map.of("PROMO_GATEWAY_PORT", String.valueOf(gatewayPort), "PROMO_GATEWAY_JWT_SECRET", SECRET,
                "PROMO_GATEWAY_OPS_METRICS_TARGETS", "capture=http://127.0.0.1:" + capturePort
                        + "/metrics,processor=http://127.0.0.1:" + processorPort + "/metrics",
                "PROMO_LOG_FORMAT", "json",
                // a production gateway signs resume positions; /health, /ready and /metrics are on its ops port
                "PROMO_GATEWAY_RESUME_KEY", "services-apart-it-resume-key-of-at-least-32-bytes",
                "PROMO_GATEWAY_OPS_PORT", String.valueOf(gatewayOpsPort)));
        gateway = PromoProcess.start("gateway", java, List.of("gateway"), gatewayEnv, home.resolve("gateway.log"));
        services.add(gateway);
        services.get(1).awaitHttpOk(URI.create("http://127.0.0.1:" + processorPort + "/ready"), WAIT);
        gateway.awaitHttpOk(URI.create(gatewayOpsUrl() + "/ready"), WAIT);

        await().atMost(WAIT).ignoreExceptions().until(() -> HTTP.send(HttpRequest.newBuilder(
                URI.create(gatewayUrl() + "/ops/v1/metrics")).header("Authorization", "Bearer " + operatorToken()).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode() == 200);

        traffic = new TrafficSimulator(this::connect, 10, 7, DemoDataSeeder.Size.DEFAULT.restaurants());
        traffic.start();
        // a refused upgrade: the refused-joins counter the dashboard shows exists once one happened
        assertThat(upgrade("not-a-token").handle((ws, e) -> e != null).get(30, TimeUnit.SECONDS)).as("refused").isTrue();
    }

    @AfterAll
    void stopEverything() throws Exception {
        if (traffic != null) {
            traffic.close();
        }
        for (PromoProcess service : services) {
            service.close();
        }
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    @Order(1)
    void everyMetricTheAlertRulesAndTheDashboardNameIsExportedByTheServiceTheyWatch() throws Exception {
        Map<String, List<Selector>> queries = shippedQueries();
        assertThat(queries).hasSizeGreaterThan(40);
        List<String> missing = new ArrayList<>();
        await().atMost(WAIT).pollInterval(Duration.ofSeconds(5)).untilAsserted(() -> {
            Map<String, Scrape> scrapes = scrapesByTarget(operatorToken());
            missing.clear();
            queries.forEach((where, selectors) -> selectors.forEach(selector -> {
                if (!SYNTHESIZED.contains(selector.metric()) && !exported(selector, scrapes)) {
                    missing.add(where + ": " + selector.metric() + PromQlSelectors.describe(selector.matchers()));
                }
            }));
            assertThat(missing).as("selectors no service exports").isEmpty();
        });
    }

    @Test
    @Order(2)
    void theOperatorViewsMetricsComeThroughTheGatewayForOperatorsOnly() throws Exception {
        URI url = URI.create(gatewayUrl() + "/ops/v1/metrics");
        assertThat(HTTP.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        HttpResponse<String> customer = HTTP.send(HttpRequest.newBuilder(url).header("Authorization", "Bearer "
                + DevTokens.mint(SECRET, "customer", List.of(), 17L, Duration.ofHours(1))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(customer.statusCode()).isEqualTo(403);
        Map<String, Scrape> scrapes = scrapesByTarget(operatorToken());
        assertThat(scrapes).containsOnlyKeys("gateway", "capture", "processor");
        assertThat(names(scrapes.get("capture"))).contains("promo_capture_streaming", "kafka_producer_record_send_total");
        assertThat(names(scrapes.get("processor"))).contains("promo_processor_running", "kafka_stream_alive_stream_threads");
        assertThat(names(scrapes.get("gateway"))).contains("promo_gateway_connections", "jvm_memory_used_bytes")
                .doesNotContain("promo_capture_streaming");

        // what Prometheus (job promo-gateway) and the probes read: the gateway's ops port, not its client port
        assertThat(names(Scrape.parse(HTTP.send(HttpRequest.newBuilder(URI.create(gatewayOpsUrl() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body()))).contains("promo_gateway_connections", "jvm_memory_used_bytes");
        for (String path : List.of("/metrics", "/ready", "/health")) {
            assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(gatewayUrl() + path)).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).as("%s on the client port", path).isEqualTo(404);
        }
    }

    @Test
    @Order(3)
    void theDashboardsOperatorViewShowsEveryServiceAndItsEventsInARealBrowser() throws Exception {
        Path browserTest = Path.of("src", "test", "browser").toAbsolutePath();
        Path artifacts = Path.of("target", "dashboard-screenshots").toAbsolutePath();
        ProcessBuilder command = new ProcessBuilder("node", "ops-view-apart.test.mjs", gatewayUrl(), operatorToken(),
                artifacts.toString()).directory(browserTest.toFile()).redirectErrorStream(true);
        command.environment().put("CHROMIUM", chromium().toString());
        Process browser = command.start();
        browser.getOutputStream().close();
        String output = new String(browser.getInputStream().readAllBytes());
        assertThat(browser.waitFor(5, TimeUnit.MINUTES)).as("browser test finished").isTrue();
        assertThat(browser.exitValue()).as("browser test output:%n%s", output).isZero();
        assertThat(output.lines().filter(l -> l.startsWith("{\"check\"")).toList()).as(output)
                .hasSize(4).allMatch(l -> l.contains("\"ok\":true"));
    }

    @Test
    @Order(4)
    void theGatewayLogsOneJsonObjectPerLine() throws IOException {
        List<String> lines = Files.readAllLines(gateway.log());
        assertThat(lines).as("the gateway logged").isNotEmpty();
        for (String line : lines) {
            JsonNode event = JSON.readTree(line);
            assertThat(event.isObject()).as(line).isTrue();
            assertThat(event.path("level").asText()).as(line).isIn("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
            assertThat(event.has("loggerName") && event.has("formattedMessage") && event.has("timestamp")).as(line).isTrue();
        }
        assertThat(lines).anyMatch(l -> l.contains("Gateway listening on"));
    }

    @Test
    @Order(5)
    void onSigtermTheGatewayClosesEveryClientWithGoingAwayAndExits() throws Exception {
        String staff = DevTokens.mint(SECRET, "restaurant_staff", List.of(3L), null, Duration.ofHours(1));
        List<CompletableFuture<Integer>> closes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            CompletableFuture<Integer> closed = new CompletableFuture<>();
            upgrade(staff, closed).get(30, TimeUnit.SECONDS);
            closes.add(closed);
        }
        gateway.signalTerminate();
        for (CompletableFuture<Integer> closed : closes) {
            assertThat(closed.get(30, TimeUnit.SECONDS)).as("close code").isEqualTo(1001);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> !gateway.isAlive());
        // a JVM ended by SIGTERM exits 143 once its shutdown hooks ran; the log says the gateway stopped cleanly
        assertThat(gateway.exitCode()).as("exit code:%n%s", gateway.tail()).isIn(0, 143);
        assertThat(Files.readString(gateway.log())).contains("close 1001").contains("Gateway stopped");
    }

    private Map<String, List<Selector>> shippedQueries() throws IOException {
        Path deploy = Path.of(System.getProperty("promo.deploy.dir", "../infra/deploy"));
        Map<String, List<Selector>> queries = new LinkedHashMap<>();
        JsonNode rules = new YAMLMapper().readTree(deploy.resolve("prometheus/promo-alerts.yml").toFile());
        rules.path("groups").forEach(group -> group.path("rules").forEach(rule ->
                queries.put("rule " + rule.path("alert").asText(rule.path("record").asText()),
                        PromQlSelectors.of(rule.path("expr").asText()))));
        JsonNode dashboard = JSON.readTree(deploy.resolve("grafana/promo-realtime.json").toFile());
        dashboard.path("panels").forEach(panel -> panel.path("targets").forEach(target ->
                queries.put("panel " + panel.path("title").asText() + "/" + target.path("refId").asText(),
                        PromQlSelectors.of(target.path("expr").asText().replace("$__rate_interval", "1m")
                                .replace("$instance", ".+")))));
        return queries;
    }

    /** Whether a service the selector's job names exports a series the selector matches. */
    private static boolean exported(Selector selector, Map<String, Scrape> scrapes) {
        List<Scrape> candidates = new ArrayList<>();
        Matcher job = selector.matchers().stream().filter(m -> m.label().equals("job")).findFirst().orElse(null);
        scrapes.forEach((target, scrape) -> {
            String jobName = TARGET_OF_JOB.entrySet().stream().filter(e -> e.getValue().equals(target)).findFirst()
                    .orElseThrow().getKey();
            if (job == null || job.matches(jobName)) {
                candidates.add(scrape);
            }
        });
        return candidates.stream().flatMap(s -> s.samples().stream())
                .filter(sample -> sample.name().equals(selector.metric()))
                .anyMatch(sample -> selector.matchers().stream().filter(m -> !TARGET_LABELS.contains(m.label()))
                        .allMatch(m -> m.matches(sample.labels().get(m.label()))));
    }

    private Map<String, Scrape> scrapesByTarget(String token) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(gatewayUrl() + "/ops/v1/metrics"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        Map<String, Scrape> scrapes = new LinkedHashMap<>();
        for (JsonNode target : JSON.readTree(answer.body()).path("targets")) {
            assertThat(target.path("up").asBoolean()).as("%s answers: %s", target.path("name"), target.path("error")).isTrue();
            scrapes.put(target.path("name").asText(), Scrape.parse(target.path("metrics").asText()));
        }
        return scrapes;
    }

    private static Set<String> names(Scrape scrape) {
        return scrape.samples().stream().map(Scrape.Sample::name).collect(java.util.stream.Collectors.toSet());
    }

    private static String operatorToken() {
        return DevTokens.mint(SECRET, "operator", List.of(), null, Duration.ofHours(1));
    }

    private String gatewayUrl() {
        return "http://127.0.0.1:" + gatewayPort;
    }

    private String gatewayOpsUrl() {
        return "http://127.0.0.1:" + gatewayOpsPort;
    }

    private CompletableFuture<WebSocket> upgrade(String token) {
        return upgrade(token, new CompletableFuture<>());
    }

    private CompletableFuture<WebSocket> upgrade(String token, CompletableFuture<Integer> closed) {
        return HTTP.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + gatewayPort
                + "/realtime/v1/websocket?vsn=1.0.0&apikey=" + token), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                        closed.complete(statusCode);
                        return null;
                    }
                });
    }

    private Connection connect() {
        try {
            return runtime.postgres().connect();
        } catch (SQLException e) {
            throw new UncheckedIOException(new IOException("cannot connect to the embedded PostgreSQL", e));
        }
    }

    /** $CHROMIUM, else chromium on the PATH (setup/prerequisites.sh installs it before the build). */
    private static Path chromium() {
        String configured = System.getenv("CHROMIUM");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .flatMap(dir -> Stream.of("chromium", "chromium-browser").map(name -> Path.of(dir, name)))
                .filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new AssertionError("no chromium on PATH: mvn verify installs it (setup/prerequisites.sh)"));
    }
}
