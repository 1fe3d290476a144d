package com.menuca.promo.deploy.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.menuca.promo.deploy.DeployDescriptors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped alert rules (infra/deploy/prometheus/promo-alerts.yml) as Prometheus reads them:
 * {@code promtool check rules} parses every expression, {@code promtool test rules} runs the unit
 * tests beside them, and each alert has a test in which it fires, a severity, and a runbook entry in
 * docs/operations.md that exists. The scrape configuration for the compose stack passes
 * {@code promtool check config}.
 */
class PrometheusRulesTest {
    private static final YAMLMapper YAML = new YAMLMapper();
    private static Path dir;
    private static Promtool promtool;
    private static JsonNode rules;

    @BeforeAll
    static void load() throws IOException {
        dir = DeployDescriptors.root().resolve("prometheus");
        promtool = Promtool.find();
        rules = YAML.readTree(dir.resolve("promo-alerts.yml").toFile());
    }

    @Test
    void promtoolAcceptsTheRules() throws Exception {
        Promtool.Result result = promtool.run(dir, "check", "rules", "promo-alerts.yml");
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS: " + alerts().size() + " rules found");
    }

    @Test
    void everyRuleUnitTestPasses() throws Exception {
        Promtool.Result result = promtool.run(dir, "test", "rules", "promo-alerts.test.yml");
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS");
    }

    @Test
    void everyAlertHasAUnitTestInWhichItFires() throws IOException {
        JsonNode tests = YAML.readTree(dir.resolve("promo-alerts.test.yml").toFile());
        Set<String> firing = new HashSet<>();
        for (JsonNode test : tests.path("tests")) {
            for (JsonNode check : test.path("alert_rule_test")) {
                if (check.path("exp_alerts").size() > 0) {
                    firing.add(check.path("alertname").asText());
                }
            }
        }
        assertThat(firing).containsAll(alerts().stream().map(a -> a.path("alert").asText()).toList());
    }

    @Test
    void everyAlertSaysHowBadAndWhatToDoInTheOperationsGuide() throws IOException {
        Set<String> anchors = headingAnchors(DeployDescriptors.root().resolve("../../docs/operations.md").normalize());
        for (JsonNode alert : alerts()) {
            String name = alert.path("alert").asText();
            assertThat(alert.path("labels").path("severity").asText()).as("%s severity", name).isIn("warning", "critical");
            assertThat(alert.path("annotations").path("summary").asText()).as("%s summary", name).isNotBlank();
            assertThat(alert.path("annotations").path("description").asText()).as("%s description", name).isNotBlank();
            String runbook = alert.path("annotations").path("runbook").asText();
            assertThat(runbook).as("%s runbook", name).startsWith("docs/operations.md#");
            assertThat(anchors).as("docs/operations.md has a section for %s", name)
                    .contains(runbook.substring(runbook.indexOf('#') + 1));
        }
    }

    @Test
    void promtoolAcceptsTheComposeScrapeConfigWithTheRules() throws Exception {
        Promtool.Result result = promtool.run(dir, "check", "config", "prometheus.yml");
        assertThat(result.exitCode()).as(result.output()).isZero();
        JsonNode config = YAML.readTree(dir.resolve("prometheus.yml").toFile());
        assertThat(config.path("rule_files").get(0).asText()).isEqualTo("promo-alerts.yml");
        List<String> jobs = new ArrayList<>();
        config.path("scrape_configs").forEach(job -> jobs.add(job.path("job_name").asText()));
        assertThat(jobs).containsExactlyInAnyOrder(MonitoredJobs.ALL.toArray(String[]::new));
    }

    /**
     * The Kubernetes scrape config uses kubernetes_sd_configs, which Debian's promtool is built without, so it
     * is checked here: only promo-realtime pods that ask to be scraped, on the port they name, with the
     * job named after the component as the rules expect.
     */
    @Test
    void theKubernetesScrapeConfigKeepsOurAnnotatedPodsAndNamesTheJobsAsTheRulesExpect() throws IOException {
        JsonNode config = YAML.readTree(dir.resolve("kubernetes.yml").toFile());
        assertThat(config.path("rule_files").get(0).asText()).isEqualTo("promo-alerts.yml");
        JsonNode job = config.path("scrape_configs").get(0);
        assertThat(job.path("kubernetes_sd_configs").get(0).path("role").asText()).isEqualTo("pod");
        List<JsonNode> relabel = new ArrayList<>();
        job.path("relabel_configs").forEach(relabel::add);
        assertThat(relabel).anySatisfy(r -> {
            assertThat(r.path("source_labels").get(0).asText()).isEqualTo("__meta_kubernetes_pod_label_app_kubernetes_io_name");
            assertThat(r.path("regex").asText()).isEqualTo("promo-realtime");
            assertThat(r.path("action").asText()).isEqualTo("keep");
        });
        assertThat(relabel).anySatisfy(r -> {
            assertThat(r.path("source_labels").get(0).asText()).isEqualTo("__meta_kubernetes_pod_annotation_prometheus_io_scrape");
            assertThat(r.path("action").asText()).isEqualTo("keep");
        });
        JsonNode jobName = relabel.stream().filter(r -> r.path("target_label").asText().equals("job")).findFirst().orElseThrow();
        assertThat(jobName.path("source_labels").get(0).asText()).isEqualTo("__meta_kubernetes_pod_label_app_kubernetes_io_component");
        for (String component : List.of("capture", "processor", "gateway")) {
            assertThat(jobName.path("replacement").asText().replace("$1", component)).isIn(MonitoredJobs.ALL);
        }
        JsonNode address = relabel.stream().filter(r -> r.path("target_label").asText().equals("__address__")).findFirst().orElseThrow();
        // Prometheus anchors the regex and writes $1/$2 as Java does
        for (String discovered : List.of("10.1.2.3:8080;4001", "10.1.2.3;4001")) {
            Matcher matcher = Pattern.compile(address.path("regex").asText()).matcher(discovered);
            assertThat(matcher.matches()).as(discovered).isTrue();
            assertThat(matcher.replaceFirst(address.path("replacement").asText())).isEqualTo("10.1.2.3:4001");
        }
    }

    private static List<JsonNode> alerts() {
        List<JsonNode> alerts = new ArrayList<>();
        rules.path("groups").forEach(group -> group.path("rules").forEach(rule -> {
            if (rule.has("alert")) {
                alerts.add(rule);
            }
        }));
        return alerts;
    }

    /** GitHub-style anchors of a Markdown file's headings. */
    static Set<String> headingAnchors(Path markdown) throws IOException {
        return Files.readAllLines(markdown).stream().filter(l -> l.startsWith("#"))
                .map(l -> l.replaceFirst("^#+\\s*", "").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 _-]", "").replace(' ', '-'))
                .collect(Collectors.toSet());
    }
}
