package com.menuca.promo.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The topic catalogue: every topic the system owns (see {@code catalog/topics.yaml} for the format),
 * checked on load so a wrong entry fails with all its problems listed.
 */
public final class Catalog {
    /** The catalogue file, relative to the catalogue root. */
    public static final String FILE = "topics.yaml";

    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final Set<String> CLEANUP_POLICIES = Set.of(TopicConfig.CLEANUP_POLICY_DELETE,
            TopicConfig.CLEANUP_POLICY_COMPACT, "compact,delete", "delete,compact");

    private static volatile Catalog bundled;

    private final int contractsVersion;
    private final List<String> ownedPrefixes;
    private final List<CatalogTopic> topics;
    private final CatalogSource source;
    private final SchemaFiles schemas;

    private Catalog(int contractsVersion, List<String> ownedPrefixes, List<CatalogTopic> topics, CatalogSource source) {
        this.contractsVersion = contractsVersion;
        this.ownedPrefixes = List.copyOf(ownedPrefixes);
        this.topics = List.copyOf(topics);
        this.source = source;
        this.schemas = new SchemaFiles(source);
    }

    private record CatalogFile(@JsonProperty("contracts_version") int contractsVersion,
                               @JsonProperty("owned_prefixes") List<String> ownedPrefixes,
                               @JsonProperty("topics") List<CatalogTopic> topics) {
    }

    /** The catalogue bundled with this build (loaded once). */
    public static Catalog bundled() {
        Catalog loaded = bundled;
        if (loaded == null) {
            synchronized (Catalog.class) {
                if (bundled == null) {
                    bundled = load(CatalogSource.bundled());
                }
                loaded = bundled;
            }
        }
        return loaded;
    }

    /**
     * Reads and checks a catalogue.
     *
     * @throws CatalogException listing every problem found
     */
    public static Catalog load(CatalogSource source) {
        CatalogFile file;
        try {
            file = YAML.readValue(source.read(FILE), CatalogFile.class);
        } catch (IOException e) {
            throw new CatalogException(source.describe() + "/" + FILE, List.of("cannot be read: " + e.getMessage()));
        }
        if (file == null || file.topics() == null || file.ownedPrefixes() == null || file.contractsVersion() < 1) {
            throw new CatalogException(source.describe() + "/" + FILE,
                    List.of("needs contracts_version (1 or more), owned_prefixes and topics"));
        }
        Catalog catalog = new Catalog(file.contractsVersion(), file.ownedPrefixes(), file.topics(), source);
        List<String> problems = catalog.problems();
        if (!problems.isEmpty()) {
            throw new CatalogException(source.describe() + "/" + FILE, problems);
        }
        return catalog;
    }

    /** Release number of the contracts as a whole. */
    public int contractsVersion() {
        return contractsVersion;
    }

    public List<CatalogTopic> topics() {
        return topics;
    }

    public Optional<CatalogTopic> topic(String name) {
        return topics.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** The topic, or an {@link IllegalArgumentException} that lists the catalogue's topics. */
    public CatalogTopic require(String name) {
        return topic(name).orElseThrow(() -> new IllegalArgumentException("topic '" + name
                + "' is not in the topic catalogue; known topics: "
                + topics.stream().map(CatalogTopic::name).collect(Collectors.joining(", "))));
    }

    public List<CatalogTopic> group(TopicGroup group) {
        return topics.stream().filter(t -> t.group() == group).toList();
    }

    /** Prefixes of topic names this system owns: a topic with one of them must be in the catalogue. */
    public List<String> ownedPrefixes() {
        return ownedPrefixes;
    }

    public boolean owns(String topicName) {
        return ownedPrefixes.stream().anyMatch(topicName::startsWith);
    }

    public SchemaFiles schemas() {
        return schemas;
    }

    public CatalogSource source() {
        return source;
    }

    private List<String> problems() {
        List<String> problems = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < topics.size(); i++) {
            CatalogTopic topic = topics.get(i);
            String where = topic.name() == null ? "topic #" + (i + 1) : topic.name();
            if (topic.name() == null || topic.name().isBlank()) {
                problems.add(where + ": name is missing");
                continue;
            }
            if (!names.add(topic.name())) {
                problems.add(where + ": listed twice");
            }
            if (!owns(topic.name())) {
                problems.add(where + ": name must start with one of " + ownedPrefixes);
            }
            checkBasics(topic, where, problems);
            if (topic.hasSchemas()) {
                checkContract(topic, where, problems);
            }
        }
        return problems;
    }

    private static void checkBasics(CatalogTopic topic, String where, List<String> problems) {
        if (topic.group() == null) {
            problems.add(where + ": group is missing (cdc, derived, gateway or internal)");
        }
        if (topic.version() < 1) {
            problems.add(where + ": version must be 1 or more");
        }
        if (topic.partitions() < 1) {
            problems.add(where + ": partitions must be 1 or more");
        }
        if (isBlank(topic.purpose()) || isBlank(topic.producer())) {
            problems.add(where + ": purpose and producer are required");
        }
        if (!CLEANUP_POLICIES.contains(topic.config().get(TopicConfig.CLEANUP_POLICY_CONFIG))) {
            problems.add(where + ": config cleanup.policy must be one of " + CLEANUP_POLICIES.stream().sorted().toList());
        }
        if (topic.group() == TopicGroup.CDC && isBlank(topic.table())) {
            problems.add(where + ": a cdc topic needs the table it mirrors");
        }
    }

    private void checkContract(CatalogTopic topic, String where, List<String> problems) {
        if (topic.key() == null || isBlank(topic.key().schema()) || topic.key().fields().isEmpty()) {
            problems.add(where + ": key needs a schema and its fields");
        } else {
            checkSchemaFile(topic.key().schema(), where, problems).ifPresent(keySchema -> {
                List<String> required = StreamSupport.stream(keySchema.path("required").spliterator(), false)
                        .map(JsonNode::asText).toList();
                if (!required.equals(List.copyOf(topic.key().fields().keySet()))) {
                    problems.add(where + ": key fields " + topic.key().fields().keySet()
                            + " differ from the key schema's required " + required);
                }
            });
        }
        if (topic.value() == null || isBlank(topic.value().schema())) {
            problems.add(where + ": value needs a schema");
        } else {
            checkSchemaFile(topic.value().schema(), where, problems);
        }
        if (topic.eventTypes().isEmpty()) {
            problems.add(where + ": event_types must list what the topic carries");
        }
    }

    private Optional<JsonNode> checkSchemaFile(String path, String where, List<String> problems) {
        JsonNode document;
        try {
            document = schemas.document(path);
        } catch (UncheckedIOException e) {
            problems.add(where + ": " + e.getMessage());
            return Optional.empty();
        }
        String expectedId = SchemaFiles.ID_BASE + path;
        if (!expectedId.equals(document.path("$id").asText())) {
            problems.add(where + ": " + path + " must have \"$id\": \"" + expectedId + "\"");
        }
        if (!"https://json-schema.org/draft/2020-12/schema".equals(document.path("$schema").asText())) {
            problems.add(where + ": " + path + " must declare \"$schema\": \"https://json-schema.org/draft/2020-12/schema\"");
        }
        return Optional.of(document);
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }
}
