package com.menuca.promo.deploy.services;

import static com.menuca.promo.deploy.services.Descriptors.container;
import static com.menuca.promo.deploy.services.Descriptors.podSpec;
import static com.menuca.promo.deploy.services.Descriptors.selects;
import static com.menuca.promo.deploy.services.Descriptors.texts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.common.config.Setting;
import com.menuca.promo.common.postgres.PostgresSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * How the Kubernetes manifests run the services, beyond their settings: locked down (non-root, read-only
 * root filesystem, no privilege escalation, no capabilities, no service-account token) with writable
 * volumes exactly where a service writes; disruption budgets that keep the scaled services serving; network
 * policies that keep the processor's API and every ops endpoint inside the cluster; scrape annotations on the
 * ops port; the gateway's drain before it stops; one versioned image for all.
 */
class KubernetesManifestsTest {
    private final Descriptors descriptors = Descriptors.load();

    @ParameterizedTest
    @EnumSource(DeployedService.class)
    void shouldRunAsANonRootUserOnAReadOnlyRootFilesystemWithNoPrivileges(DeployedService service) {
        JsonNode pod = podSpec(descriptors.workload(service.serviceName()));
        assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.path("securityContext").path("runAsUser").asInt()).as("a numeric non-root uid").isPositive();
        assertThat(pod.path("securityContext").path("seccompProfile").path("type").asText()).isEqualTo("RuntimeDefault");
        assertThat(pod.path("automountServiceAccountToken").isBoolean() && !pod.path("automountServiceAccountToken").asBoolean())
                .as("no Kubernetes API token in a pod that never calls the API").isTrue();
        JsonNode container = container(descriptors.workload(service.serviceName()));
        JsonNode security = container.path("securityContext");
        assertThat(security.path("readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(security.path("allowPrivilegeEscalation").isBoolean() && !security.path("allowPrivilegeEscalation").asBoolean()).isTrue();
        assertThat(texts(security.path("capabilities").path("drop"))).containsExactly("ALL");
        assertThat(descriptors.dockerfile).as("the image's user is the one the pods run as")
                .containsPattern("(?m)^USER " + pod.path("securityContext").path("runAsUser").asInt() + "(:\\d+)?$");
    }

    @ParameterizedTest
    @EnumSource(DeployedService.class)
    void shouldGiveEachServiceAWritableTemporaryDirectory(DeployedService service) {
        JsonNode workload = descriptors.workload(service.serviceName());
        assertThat(mountedVolume(workload, "/tmp").path("emptyDir").isObject())
                .as("/tmp of %s (JVM, Netty and RocksDB native libraries) is an emptyDir", service.serviceName()).isTrue();
    }

    @Test
    void shouldKeepTheProcessorsStateOnItsOwnWritableVolume() {
        JsonNode processor = descriptors.workload("processor");
        String stateDir = envValue(container(processor), "PROMO_PROCESSOR_STATE_DIR");
        JsonNode mount = mount(container(processor), stateDir);
        assertThat(processor.path("spec").path("volumeClaimTemplates")).anySatisfy(claim ->
                assertThat(claim.path("metadata").path("name").asText()).isEqualTo(mount.path("name").asText()));
        assertThat(podSpec(processor).path("securityContext").path("fsGroup").asInt())
                .as("the volume is writable by the service's group")
                .isEqualTo(podSpec(processor).path("securityContext").path("runAsGroup").asInt());
    }

    @Test
    void shouldKeepTheScaledServicesServingThroughDisruptions() {
        for (String name : List.of("processor", "gateway")) {
            JsonNode workload = descriptors.workload(name);
            List<JsonNode> budgets = descriptors.kind("PodDisruptionBudget").stream()
                    .filter(b -> selects(b.path("spec").path("selector").path("matchLabels"), workload)).toList();
            assertThat(budgets).as("a PodDisruptionBudget for %s", name).hasSize(1);
            JsonNode spec = budgets.get(0).path("spec");
            int replicas = workload.path("spec").path("replicas").asInt();
            int unavailable = spec.has("maxUnavailable") ? spec.path("maxUnavailable").asInt()
                    : replicas - spec.path("minAvailable").asInt();
            assertThat(unavailable).as("%s: one instance away at a time, never all", name).isEqualTo(1).isLessThan(replicas);
        }
        JsonNode capture = descriptors.workload("capture");
        assertThat(descriptors.kind("PodDisruptionBudget"))
                .as("no budget on the single capture: it could only block node drains")
                .noneMatch(b -> selects(b.path("spec").path("selector").path("matchLabels"), capture));
    }

    @Test
    void shouldKeepTheProcessorApiAndEveryOpsPortInsideTheCluster() {
        for (DeployedService service : DeployedService.values()) {
            JsonNode workload = descriptors.workload(service.serviceName());
            List<JsonNode> policies = descriptors.kind("NetworkPolicy").stream()
                    .filter(p -> selects(p.path("spec").path("podSelector").path("matchLabels"), workload)).toList();
            assertThat(policies).as("a NetworkPolicy for %s", service.serviceName()).isNotEmpty();
            Set<String> restricted = new HashSet<>();
            restricted.add(service.opsPortName());
            service.clientPort().ifPresent(client -> restricted.remove("http"));
            for (JsonNode policy : policies) {
                assertThat(texts(policy.path("spec").path("policyTypes"))).contains("Ingress");
                for (JsonNode rule : policy.path("spec").path("ingress")) {
                    List<String> ports = rule.path("ports").findValuesAsText("port");
                    assertThat(ports).as("%s: every rule names its ports", policy.path("metadata").path("name")).isNotEmpty();
                    boolean fromAnywhere = !rule.has("from") || rule.path("from").isEmpty();
                    if (fromAnywhere) {
                        assertThat(ports).as("open to everyone on %s: only the client port", service.serviceName())
                                .noneMatch(restricted::contains);
                        assertThat(service.clientPort()).as("%s has a port for clients", service.serviceName()).isPresent();
                    }
                    for (JsonNode source : rule.path("from")) {
                        assertThat(source.has("ipBlock")).as("%s: sources are pods of the cluster, not addresses",
                                policy.path("metadata").path("name")).isFalse();
                        assertThat(source.has("podSelector") || source.path("namespaceSelector").path("matchLabels").size() > 0)
                                .as("%s: no source selects every namespace", policy.path("metadata").path("name")).isTrue();
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(DeployedService.class)
    void shouldAskToBeScrapedOnItsOpsPort(DeployedService service) {
        JsonNode workload = descriptors.workload(service.serviceName());
        JsonNode annotations = workload.path("spec").path("template").path("metadata").path("annotations");
        assertThat(annotations.path("prometheus.io/scrape").asText()).isEqualTo("true");
        assertThat(annotations.path("prometheus.io/path").asText()).isEqualTo("/metrics");
        assertThat(annotations.path("prometheus.io/port").asInt())
                .isEqualTo(DeploymentDescriptorsTest.containerPort(container(workload), service.opsPortName()));
    }

    @Test
    void podMonitorScrapesEveryServicesOpsPortUnderTheJobNamesTheAlertsUse() {
        JsonNode monitor = descriptors.manifests.stream().filter(m -> m.path("kind").asText().equals("PodMonitor"))
                .findFirst().orElseThrow(() -> new AssertionError("no PodMonitor in k8s/monitoring"));
        Set<String> scrapedPorts = new HashSet<>(monitor.path("spec").path("podMetricsEndpoints").findValuesAsText("port"));
        for (DeployedService service : DeployedService.values()) {
            assertThat(selects(monitor.path("spec").path("selector").path("matchLabels"), descriptors.workload(service.serviceName()))).isTrue();
            assertThat(scrapedPorts).contains(service.opsPortName());
        }
        monitor.path("spec").path("podMetricsEndpoints").forEach(endpoint -> assertThat(endpoint.path("relabelings"))
                .anySatisfy(r -> {
                    assertThat(r.path("targetLabel").asText()).isEqualTo("job");
                    assertThat(r.path("replacement").asText()).isEqualTo("promo-$1");
                }));
    }

    @Test
    void shouldDrainTheGatewayBeforeItStops() {
        JsonNode gateway = descriptors.workload("gateway");
        List<String> preStop = texts(container(gateway).path("lifecycle").path("preStop").path("exec").path("command"));
        assertThat(preStop).as("preStop waits while the endpoint leaves the Service").hasSize(2).startsWith("sleep");
        int sleep = Integer.parseInt(preStop.get(1));
        assertThat(podSpec(gateway).path("terminationGracePeriodSeconds").asInt())
                .as("time for preStop, the drain and the last close handshakes").isGreaterThanOrEqualTo(sleep + 20);
    }

    @Test
    void theGatewaysOperatorViewReadsTheCaptureAndEveryProcessorInstance() {
        JsonNode gateway = container(descriptors.workload("gateway"));
        String targets = null;
        for (JsonNode env : gateway.path("env")) {
            if (env.path("name").asText().equals("PROMO_GATEWAY_OPS_METRICS_TARGETS")) {
                targets = env.path("value").asText();
            }
        }
        assertThat(targets).as("PROMO_GATEWAY_OPS_METRICS_TARGETS of the gateway").isNotNull();
        List<String> expected = new java.util.ArrayList<>();
        expected.add("http://capture:" + DeploymentDescriptorsTest.containerPort(container(descriptors.workload("capture")), "ops") + "/metrics");
        JsonNode processor = descriptors.workload("processor");
        int port = DeploymentDescriptorsTest.containerPort(container(processor), "http");
        for (int i = 0; i < processor.path("spec").path("replicas").asInt(); i++) {
            expected.add("http://processor-" + i + ".processor:" + port + "/metrics");
        }
        assertThat(com.menuca.promo.gateway.ops.MetricsTarget.parseList(targets)).extracting(t -> t.url().toString())
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void shouldMigrateTheSchemaAsItsOwnerBeforeTheCaptureStarts() {
        JsonNode workload = descriptors.workload("capture");
        JsonNode inits = podSpec(workload).path("initContainers");
        assertThat(inits).as("an init container of the capture runs promo migrate before it").hasSize(1);
        JsonNode migrate = inits.get(0);
        assertThat(migrate.path("image").asText()).isEqualTo(Descriptors.image());
        assertThat(texts(migrate.path("args"))).containsExactly("migrate");

        Map<String, JsonNode> env = descriptors.environment(migrate);
        Map<String, JsonNode> capture = descriptors.environment(container(workload));
        Set<String> variables = new HashSet<>(env.keySet());
        variables.remove("PROMO_LOG_FORMAT");
        assertThat(variables).as("variables promo migrate does not read")
                .filteredOn(v -> !DeployedService.reads(PostgresSettings.SETTINGS, v)).isEmpty();
        for (Setting<?> same : List.of(PostgresSettings.HOST, PostgresSettings.PORT, PostgresSettings.DATABASE,
                PostgresSettings.SSL_MODE, PostgresSettings.SSL_ROOT_CERT)) {
            assertThat(value(env, same.envVar())).as("%s: the capture's database, reached the same way", same.envVar())
                    .isNotNull().isEqualTo(value(capture, same.envVar()));
        }
        assertThat(value(env, PostgresSettings.USER.envVar())).as("the schema's owner, not the capture's least-privileged role")
                .isNotBlank().isNotEqualTo(value(capture, PostgresSettings.USER.envVar()));
        assertThat(secretKey(env, PostgresSettings.PASSWORD.envVar())).as("the owner's password, from the Secret")
                .isNotEqualTo(secretKey(capture, PostgresSettings.PASSWORD.envVar()));

        JsonNode security = migrate.path("securityContext");
        assertThat(security.path("readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(security.path("allowPrivilegeEscalation").isBoolean() && !security.path("allowPrivilegeEscalation").asBoolean()).isTrue();
        assertThat(texts(security.path("capabilities").path("drop"))).containsExactly("ALL");
        assertThat(mountedVolume(workload, migrate, "/tmp").path("emptyDir").isObject()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(DeployedService.class)
    void shouldReachKafkaOverSaslSslAsItsOwnPrincipalTrustingAMountedCa(DeployedService service) {
        JsonNode workload = descriptors.workload(service.serviceName());
        Map<String, JsonNode> env = descriptors.environment(container(workload));
        assertThat(value(env, "PROMO_KAFKA_SECURITY_PROTOCOL")).isEqualTo("SASL_SSL");
        assertThat(value(env, "PROMO_KAFKA_SASL_MECHANISM")).isEqualTo("SCRAM-SHA-512");
        String jaas = secretKey(env, "PROMO_KAFKA_SASL_JAAS_CONFIG");
        assertThat(exampleSecret(jaas)).as("the example's JAAS entry logs in as the principal `promo acls %s` grants",
                service.command()).contains("username=\"promo-" + service.command() + "\"");
        assertThat(value(env, "PROMO_KAFKA_SSL_TRUSTSTORE_TYPE")).isEqualTo("PEM");
        assertCaMounted(workload, container(workload), value(env, "PROMO_KAFKA_SSL_TRUSTSTORE_LOCATION"));
    }

    @Test
    void shouldGiveEachServiceItsOwnKafkaPrincipal() {
        Set<String> keys = new HashSet<>();
        for (DeployedService service : DeployedService.values()) {
            keys.add(secretKey(descriptors.environment(container(descriptors.workload(service.serviceName()))),
                    "PROMO_KAFKA_SASL_JAAS_CONFIG"));
        }
        assertThat(keys).as("one JAAS entry (one principal, its own ACLs) per service").hasSize(DeployedService.values().length);
    }

    @Test
    void shouldReachPostgresOverVerifiedTls() {
        JsonNode workload = descriptors.workload("capture");
        for (JsonNode container : List.of(container(workload), podSpec(workload).path("initContainers").path(0))) {
            Map<String, JsonNode> env = descriptors.environment(container);
            assertThat(value(env, PostgresSettings.SSL_MODE.envVar())).as("%s", container.path("name"))
                    .isEqualTo(PostgresSettings.SslMode.VERIFY_FULL.libpqName());
            assertCaMounted(workload, container, value(env, PostgresSettings.SSL_ROOT_CERT.envVar()));
        }
    }

    @Test
    void shouldNameInTheExampleSecretEveryKeyTheManifestsUse() {
        descriptors.manifests.stream().flatMap(m -> Stream.concat(
                        StreamSupport.stream(podSpec(m).path("containers").spliterator(), false),
                        StreamSupport.stream(podSpec(m).path("initContainers").spliterator(), false)))
                .flatMap(c -> c.path("env").findValues("secretKeyRef").stream())
                .forEach(ref -> {
                    assertThat(ref.path("name").asText()).isEqualTo(EXAMPLE_SECRET);
                    assertThat(exampleSecret(ref.path("key").asText())).as("key %s in secret.example.yaml", ref.path("key"))
                            .isNotBlank();
                });
    }

    @Test
    void shouldRunOneVersionedImageSetInOnePlace() {
        JsonNode images = descriptors.kustomization.path("images");
        assertThat(images).hasSize(1);
        assertThat(images.get(0).path("name").asText()).isEqualTo(Descriptors.REPOSITORY);
        assertThat(Descriptors.REPOSITORY + ":" + images.get(0).path("newTag").asText()).isEqualTo(Descriptors.image());
        descriptors.manifests.stream().flatMap(m -> Stream.concat(podSpec(m).path("containers").findValues("image").stream(),
                        podSpec(m).path("initContainers").findValues("image").stream()))
                .forEach(image -> assertThat(image.asText()).isEqualTo(Descriptors.image()));
    }

    @Test
    void shouldApplyEveryManifestOfTheBaseDirectory() throws IOException {
        Set<String> resources = new HashSet<>(texts(descriptors.kustomization.path("resources")));
        try (Stream<Path> files = Files.list(descriptors.root.resolve("k8s"))) {
            Set<String> manifests = new HashSet<>(files.map(f -> f.getFileName().toString())
                    .filter(f -> f.endsWith(".yaml") && !f.equals("kustomization.yaml") && !f.endsWith(".example.yaml")).toList());
            assertThat(resources).isEqualTo(manifests);
        }
    }

    private static final String EXAMPLE_SECRET = "promo-realtime-secrets";

    /** A value of secret.example.yaml, or null. */
    private String exampleSecret(String key) {
        JsonNode secret = descriptors.manifests.stream().filter(m -> m.path("kind").asText().equals("Secret"))
                .filter(m -> m.path("metadata").path("name").asText().equals(EXAMPLE_SECRET)).findFirst()
                .orElseThrow(() -> new AssertionError("no Secret " + EXAMPLE_SECRET + " in secret.example.yaml"));
        JsonNode value = secret.path("stringData").path(key);
        return value.isMissingNode() ? null : value.asText();
    }

    /** {@code file} lies in a read-only volume of a ConfigMap mounted into {@code container}. */
    private static void assertCaMounted(JsonNode workload, JsonNode container, String file) {
        assertThat(file).as("a CA file of %s", container.path("name")).isNotBlank();
        JsonNode mount = StreamSupport.stream(container.path("volumeMounts").spliterator(), false)
                .filter(m -> file.startsWith(m.path("mountPath").asText() + "/")).findFirst()
                .orElseThrow(() -> new AssertionError(file + " is not in a volume mounted into " + container.path("name")));
        assertThat(mount.path("readOnly").asBoolean()).as("%s mounted read-only", mount.path("mountPath")).isTrue();
        JsonNode volume = mountedVolume(workload, container, mount.path("mountPath").asText());
        assertThat(volume.path("configMap").path("name").asText()).as("the CA comes from a ConfigMap (certificates are public)")
                .isNotBlank();
    }

    private static String value(Map<String, JsonNode> env, String variable) {
        JsonNode entry = env.get(variable);
        return entry == null || !entry.has("value") ? null : entry.path("value").asText();
    }

    /** The key of the Secret {@code variable} is set from; fails when it is not set from a Secret. */
    private static String secretKey(Map<String, JsonNode> env, String variable) {
        JsonNode ref = env.containsKey(variable) ? env.get(variable).path("valueFrom").path("secretKeyRef") : null;
        assertThat(ref != null && ref.has("key")).as("%s is set from a Secret", variable).isTrue();
        return ref.path("key").asText();
    }

    private static JsonNode mountedVolume(JsonNode workload, String path) {
        return mountedVolume(workload, container(workload), path);
    }

    private static JsonNode mountedVolume(JsonNode workload, JsonNode container, String path) {
        JsonNode mount = mount(container, path);
        for (JsonNode volume : podSpec(workload).path("volumes")) {
            if (volume.path("name").asText().equals(mount.path("name").asText())) {
                return volume;
            }
        }
        throw new AssertionError("no volume " + mount.path("name") + " in " + workload.path("metadata").path("name"));
    }

    private static JsonNode mount(JsonNode container, String path) {
        for (JsonNode mount : container.path("volumeMounts")) {
            if (mount.path("mountPath").asText().equals(path)) {
                return mount;
            }
        }
        throw new AssertionError("nothing mounted at " + path + " in " + container.path("name"));
    }

    private static String envValue(JsonNode container, String name) {
        for (JsonNode env : container.path("env")) {
            if (env.path("name").asText().equals(name)) {
                return env.path("value").asText();
            }
        }
        throw new AssertionError("no " + name + " in " + container.path("name"));
    }
}
