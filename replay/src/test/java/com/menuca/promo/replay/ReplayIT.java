package com.menuca.promo.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.menuca.promo.common.kafka.KafkaConnection;
import com.menuca.promo.infra.kafka.EmbeddedKafkaBroker;
import com.menuca.promo.catalog.Catalog;
import com.menuca.promo.catalog.SchemaValidator;
import com.menuca.promo.catalog.admin.TopicApplier;
import com.menuca.promo.schemas.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Replay against a real broker: a known set of change events, spread over two hours with explicit
 * record timestamps, on every partition of four change topics; sub-ranges by time, offset, restaurant
 * and op, as JSON lines, CSV (one file per table) and Parquet (read back by DuckDB), must give exactly the
 * expected events, once each, in partition order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplayIT {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final int EVENTS = 120;
    private static final String DEALS = "menuca.menuca_v3.promotional_deals";

    private final Catalog catalog = Catalog.bundled();
    private final List<Produced> produced = new ArrayList<>();
    private Path home;
    private EmbeddedKafkaBroker kafka;

    /** An event as written, with where Kafka put it. */
    private record Produced(String topic, int partition, long offset, long timestamp, JsonNode key, JsonNode value) {
        String position() {
            return topic + "/" + partition + "/" + offset;
        }
    }

    @BeforeAll
    void produceKnownHistory() throws Exception {
        home = Files.createTempDirectory("replay-it");
        kafka = EmbeddedKafkaBroker.start(home.resolve("kafka"), 0);
        TopicApplier.applyCatalogue(kafka.bootstrapServers(), catalog);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < EVENTS; i++) {
                ChangeEvents.Event event = ChangeEvents.nth(i, T0);
                SchemaValidator.bundled().requireValid(event.topic(), event.key().toString(), event.value().toString());
                long timestamp = T0.plus(Duration.ofMinutes(i)).toEpochMilli();
                RecordMetadata metadata = producer.send(new ProducerRecord<>(event.topic(), i % 3, timestamp,
                        event.key().toString(), event.value().toString())).get();
                // as a reader parses it (a long written as 1004 reads back as an int node)
                produced.add(new Produced(event.topic(), metadata.partition(), metadata.offset(), timestamp,
                        Json.mapper().readTree(event.key().toString()), Json.mapper().readTree(event.value().toString())));
            }
        }
    }

    @AfterAll
    void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldReplayATimeRangeOfAllChangeTopicsExactlyOnceInPartitionOrder() throws IOException {
        Instant from = T0.plus(Duration.ofMinutes(25));
        Instant to = T0.plus(Duration.ofMinutes(80));
        List<JsonNode> lines = jsonLines(EventSelection.of(catalog, "cdc", null, null, null),
                ReplayRange.parse(from.toString(), to.toString()));

        assertExactly(lines, p -> p.timestamp() >= from.toEpochMilli() && p.timestamp() < to.toEpochMilli());
        assertThat(lines).allMatch(l -> !Instant.parse(l.path("timestamp").asText()).isBefore(from)
                && Instant.parse(l.path("timestamp").asText()).isBefore(to));
    }

    @Test
    void shouldReplayOneRestaurantIncludingItsDeletesFromTheOldRow() throws IOException {
        List<JsonNode> lines = jsonLines(EventSelection.of(catalog, "cdc", null, 2L, null), ReplayRange.everything());

        assertExactly(lines, p -> restaurantOf(p.value()) == 2L);
        assertThat(lines).anyMatch(l -> l.path("value").path("op").asText().equals("d"));
        assertThat(lines).noneMatch(l -> l.path("topic").asText().equals("menuca.menuca_v3.marketing_tags"));
    }

    @Test
    void shouldReplayFromAnOffsetAndByOpAndTable() throws IOException {
        assertExactly(jsonLines(EventSelection.of(catalog, "cdc", null, null, null), ReplayRange.parse("7", null)),
                p -> p.offset() >= 7);
        assertExactly(jsonLines(EventSelection.of(catalog, "cdc", "coupon_usage_log", null, "d"), ReplayRange.everything()),
                p -> p.topic().equals("menuca.menuca_v3.coupon_usage_log") && p.value().path("op").asText().equals("d"));
        assertThat(jsonLines(EventSelection.of(catalog, "cdc", null, null, null),
                ReplayRange.parse(T0.plus(Duration.ofDays(1)).toString(), "now"))).as("after the last event").isEmpty();
    }

    @Test
    void shouldWriteCsvWithCommitTimeLsnTransactionOpAndTheOldRowOfUpdates() throws IOException {
        EventSelection selection = EventSelection.of(catalog, DEALS, null, null, null);
        StringWriter out = new StringWriter();
        try (ReplayOutput output = ReplayOutput.open(ReplayOutput.Format.CSV, false, null, out, catalog, selection.topics())) {
            engine().replay(selection, ReplayRange.everything(), output.sink(), ReplayProgress.silent());
        }
        List<List<String>> rows = csv(out.toString());
        List<String> header = rows.get(0);
        assertThat(header).startsWith("topic", "partition", "offset", "commit_time", "lsn", "tx_id", "op", "key", "id",
                "restaurant_id", "title").contains("updated_at", "before_id", "before_title").endsWith("before_updated_at");
        List<Produced> expected = produced.stream().filter(p -> p.topic().equals(DEALS)).toList();
        assertThat(rows.subList(1, rows.size())).hasSize(expected.size());
        Map<String, Produced> byPosition = new HashMap<>();
        expected.forEach(p -> byPosition.put(p.partition() + "/" + p.offset(), p));
        int updates = 0;
        for (List<String> row : rows.subList(1, rows.size())) {
            Produced p = byPosition.remove(row.get(1) + "/" + row.get(2));
            assertThat(p).as("row %s was produced once", row).isNotNull();
            JsonNode source = p.value().path("source");
            String op = p.value().path("op").asText();
            assertThat(row.subList(3, 8)).containsExactly(Instant.ofEpochMilli(source.path("ts_ms").asLong()).toString(),
                    source.path("lsn").asText(), source.path("txId").asText(), op, p.key().toString());
            JsonNode image = op.equals("d") ? p.value().path("before") : p.value().path("after");
            for (int column = 8; column < header.size(); column++) {
                String name = header.get(column);
                JsonNode value = name.startsWith(RowLayout.BEFORE_PREFIX)
                        ? (op.equals("u") ? p.value().path("before").path(name.substring(RowLayout.BEFORE_PREFIX.length()))
                        : null) : image.path(name);
                assertThat(row.get(column)).as("%s of %s", name, p.position())
                        .isEqualTo(value == null || value.isNull() ? "" : value.asText());
            }
            updates += op.equals("u") ? 1 : 0;
        }
        assertThat(updates).as("updates, whose old rows differ").isPositive();
        assertThat(byPosition).as("every deal event has a row").isEmpty();
    }

    @Test
    void shouldWriteOneGzippedCsvPerTableWithItsOwnHeader() throws IOException {
        Path dir = home.resolve("csv-per-table");
        EventSelection selection = EventSelection.of(catalog, "cdc", null, null, null);
        try (ReplayOutput output = ReplayOutput.open(ReplayOutput.Format.CSV, true, dir, null, catalog, selection.topics())) {
            engine().replay(selection, ReplayRange.everything(), output.sink(), ReplayProgress.silent());
        }
        for (String table : List.of("promotional_deals", "promotional_coupons", "marketing_tags", "restaurant_tag_associations",
                "coupon_usage_log")) {
            Path file = dir.resolve(table + ".csv.gz");
            assertThat(file).exists();
            List<List<String>> rows;
            try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                rows = csv(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            assertThat(rows.get(0)).as(table).contains("commit_time", "op")
                    .containsAll(EventSelection.columns(catalog, catalog.require("menuca.menuca_v3." + table)));
            long events = produced.stream().filter(p -> p.topic().equals("menuca.menuca_v3." + table)).count();
            assertThat(rows).as("%s: header and one row per event", table).hasSize((int) events + 1);
        }
        assertThat(csv(readGzip(dir.resolve("marketing_tags.csv.gz"))).get(0)).doesNotContain("restaurant_id");
    }

    @Test
    void shouldWriteTypedParquetThatDuckDbReadsAsDecimalsTimestampsAndIntegers() throws Exception {
        Path dir = home.resolve("parquet");
        EventSelection selection = EventSelection.of(catalog, "cdc", null, null, null);
        try (ReplayOutput output = ReplayOutput.open(ReplayOutput.Format.PARQUET, false, dir, null, catalog, selection.topics())) {
            engine().replay(selection, ReplayRange.everything(), output.sink(), ReplayProgress.silent());
        }
        List<JsonNode> counts = duckdb("SELECT op, count(*) AS n FROM read_parquet('" + dir.resolve("promotional_deals.parquet")
                + "') GROUP BY op ORDER BY op");
        Map<String, Long> byOp = new HashMap<>();
        produced.stream().filter(p -> p.topic().equals(DEALS)).forEach(p -> byOp.merge(p.value().path("op").asText(), 1L, Long::sum));
        assertThat(counts.subList(1, counts.size())).extracting(r -> r.path("op").asText() + "=" + r.path("n").asLong())
                .containsExactlyElementsOf(byOp.entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .map(e -> e.getKey() + "=" + e.getValue()).toList());

        Produced update = produced.stream().filter(p -> p.topic().equals(DEALS) && p.value().path("op").asText().equals("u"))
                .findFirst().orElseThrow();
        List<JsonNode> rows = duckdb("SELECT commit_time, lsn, tx_id, id, restaurant_id, discount_percent, is_active, starts_at,"
                + " title, before_title FROM read_parquet('" + dir.resolve("promotional_deals.parquet") + "') WHERE partition = "
                + update.partition() + " AND \"offset\" = " + update.offset());
        JsonNode types = rows.get(0).path("__types__");
        assertThat(types.path("commit_time").asText()).isEqualTo("TIMESTAMP WITH TIME ZONE");
        assertThat(types.path("starts_at").asText()).isEqualTo("TIMESTAMP WITH TIME ZONE");
        assertThat(types.path("discount_percent").asText()).isEqualTo("DECIMAL(38,2)");
        assertThat(types.path("id").asText()).isEqualTo("BIGINT");
        assertThat(types.path("is_active").asText()).isEqualTo("BOOLEAN");
        JsonNode row = rows.get(1);
        JsonNode after = update.value().path("after");
        assertThat(Instant.parse(row.path("commit_time").asText().replace(" ", "T").replace("+00", "Z")))
                .isEqualTo(Instant.ofEpochMilli(update.value().path("source").path("ts_ms").asLong()));
        assertThat(row.path("lsn").asLong()).isEqualTo(update.value().path("source").path("lsn").asLong());
        assertThat(row.path("tx_id").asLong()).isEqualTo(update.value().path("source").path("txId").asLong());
        assertThat(row.path("id").asLong()).isEqualTo(after.path("id").asLong());
        assertThat(row.path("discount_percent").asText()).isEqualTo(after.path("discount_percent").asText());
        assertThat(row.path("title").asText()).isEqualTo(after.path("title").asText());
        assertThat(row.path("before_title").asText()).isEqualTo(update.value().path("before").path("title").asText())
                .isNotEqualTo(row.path("title").asText());

        // An analyst's question across tables, by commit time: redemptions per restaurant in the first hour.
        Instant hour = T0.plus(Duration.ofHours(1));
        List<JsonNode> perRestaurant = duckdb("SELECT restaurant_id, count(*) AS n, sum(discount_applied) AS saved FROM read_parquet('"
                + dir.resolve("coupon_usage_log.parquet") + "') WHERE op = 'c' AND commit_time < TIMESTAMPTZ '" + hour
                + "' GROUP BY restaurant_id ORDER BY restaurant_id");
        Map<Long, Long> expected = new java.util.TreeMap<>();
        produced.stream().filter(p -> p.topic().endsWith("coupon_usage_log") && p.value().path("op").asText().equals("c")
                && p.timestamp() < hour.toEpochMilli()).forEach(p -> expected.merge(restaurantOf(p.value()), 1L, Long::sum));
        assertThat(perRestaurant.subList(1, perRestaurant.size()))
                .extracting(r -> r.path("restaurant_id").asLong() + ":" + r.path("n").asLong() + ":" + r.path("saved").asText())
                .containsExactlyElementsOf(expected.entrySet().stream()
                        .map(e -> e.getKey() + ":" + e.getValue() + ":" + new java.math.BigDecimal("5.00")
                                .multiply(java.math.BigDecimal.valueOf(e.getValue()))).toList());
    }

    @Test
    void shouldStopAfterTheLimitAndRefuseOutputsThatCannotWork() throws IOException {
        StringWriter out = new StringWriter();
        ReplaySummary summary = engine().replay(EventSelection.of(catalog, "cdc", null, null, null), ReplayRange.everything(),
                10, new JsonLinesSink(out), ReplayProgress.silent());
        assertThat(summary.written()).isEqualTo(10);
        assertThat(out.toString().split("\n")).hasSize(10);

        List<com.menuca.promo.catalog.CatalogTopic> cdc = EventSelection.of(catalog, "cdc", null, null, null).topics();
        assertThatThrownBy(() -> ReplayOutput.open(ReplayOutput.Format.CSV, false, null, new StringWriter(), catalog, cdc))
                .isInstanceOf(ReplayException.class).hasMessageContaining("needs --out DIR");
        assertThatThrownBy(() -> ReplayOutput.open(ReplayOutput.Format.PARQUET, true, home.resolve("x"), null, catalog, cdc))
                .isInstanceOf(ReplayException.class).hasMessageContaining("Parquet compresses");
        assertThatThrownBy(() -> engine().replay(EventSelection.of(catalog, "cdc", null, null, null), ReplayRange.everything(),
                0, new JsonLinesSink(new StringWriter()), ReplayProgress.silent())).hasMessageContaining("--limit");
    }

    private ReplayEngine engine() {
        return new ReplayEngine(KafkaConnection.plain(kafka.bootstrapServers()), Duration.ofSeconds(30));
    }

    private static List<List<String>> csv(String text) throws IOException {
        CsvMapper csv = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
        List<List<String>> rows = new ArrayList<>();
        try (MappingIterator<List<String>> it = csv.readerForListOf(String.class).readValues(text)) {
            it.forEachRemaining(rows::add);
        }
        return rows;
    }

    private static String readGzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * Runs SQL in DuckDB (the npm package @duckdb/node-api, installed by the build under src/test/duckdb): the first
     * line is the column types, then one JSON object per row.
     */
    private static List<JsonNode> duckdb(String sql) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("node", "src/test/duckdb/query.mjs", sql).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as("duckdb: %s", output).isZero();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (!line.isBlank()) {
                lines.add(Json.mapper().readTree(line));
            }
        }
        return lines;
    }

    private List<JsonNode> jsonLines(EventSelection selection, ReplayRange range) throws IOException {
        StringWriter out = new StringWriter();
        ReplaySummary summary = new ReplayEngine(KafkaConnection.plain(kafka.bootstrapServers()), Duration.ofSeconds(30))
                .replay(selection, range, new JsonLinesSink(out), ReplayProgress.silent());
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.toString().split("\n")) {
            if (!line.isEmpty()) {
                lines.add(Json.mapper().readTree(line));
            }
        }
        assertThat(summary.written()).isEqualTo(lines.size());
        return lines;
    }

    /** The lines are exactly the produced events that match, each once, and in offset order per partition. */
    private void assertExactly(List<JsonNode> lines, Predicate<Produced> expected) {
        List<String> positions = lines.stream().map(l -> l.path("topic").asText() + "/" + l.path("partition").asInt()
                + "/" + l.path("offset").asLong()).toList();
        assertThat(new HashSet<>(positions)).as("no duplicates").hasSameSizeAs(positions);
        List<Produced> wanted = produced.stream().filter(expected).toList();
        assertThat(wanted).as("the test selects something").isNotEmpty();
        assertThat(positions).containsExactlyInAnyOrderElementsOf(wanted.stream().map(Produced::position).toList());
        Map<String, Produced> byPosition = new HashMap<>();
        wanted.forEach(p -> byPosition.put(p.position(), p));
        Map<String, Long> lastOffset = new HashMap<>();
        for (JsonNode line : lines) {
            Produced p = byPosition.get(line.path("topic").asText() + "/" + line.path("partition").asInt() + "/"
                    + line.path("offset").asLong());
            assertThat(line.path("value")).isEqualTo(p.value());
            assertThat(line.path("key")).isEqualTo(p.key());
            assertThat(line.path("timestamp").asText()).isEqualTo(Instant.ofEpochMilli(p.timestamp()).toString());
            String partition = p.topic() + "/" + p.partition();
            assertThat(p.offset()).as("order within %s", partition).isGreaterThan(lastOffset.getOrDefault(partition, -1L));
            lastOffset.put(partition, p.offset());
        }
        Set<String> topics = new HashSet<>();
        lines.forEach(l -> topics.add(l.path("topic").asText()));
        assertThat(topics).isNotEmpty();
    }

    private static long restaurantOf(JsonNode value) {
        JsonNode row = value.path("after").isObject() ? value.path("after") : value.path("before");
        return row.path("restaurant_id").asLong(-1);
    }
}
