package com.menuca.promo.capture.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.debezium.data.Envelope;
import io.debezium.time.ZonedTimestamp;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.Test;

/**
 * The topic contract must not depend on which converter wrote it: every case here is written by
 * {@link StreamingJsonConverter} and by Kafka's {@link JsonConverter} (schemas off, the capture's
 * setting) and the bytes must be identical.
 */
class StreamingJsonConverterTest {
    private static final String TOPIC = "menuca.menuca_v3.coupon_usage_log";

    @Test
    void debeziumChangeEnvelopeIsWrittenExactlyAsJsonConverterWritesIt() {
        Schema row = SchemaBuilder.struct().name("menuca.menuca_v3.coupon_usage_log.Value")
                .field("id", Schema.INT64_SCHEMA)
                .field("coupon_id", Schema.INT64_SCHEMA)
                .field("customer_id", Schema.OPTIONAL_INT64_SCHEMA)
                .field("discount_applied", Schema.STRING_SCHEMA)
                .field("code", SchemaBuilder.string().optional().defaultValue("NONE").build())
                .field("active", SchemaBuilder.bool().defaultValue(true).build())
                .field("used_at", ZonedTimestamp.builder().build())
                .field("valid_until", ZonedTimestamp.builder().optional().build())
                .field("valid_on", io.debezium.time.Date.builder().optional().build())
                .optional()
                .build();
        Schema source = SchemaBuilder.struct().name("io.debezium.connector.postgresql.Source")
                .field("version", Schema.STRING_SCHEMA)
                .field("ts_ms", Schema.INT64_SCHEMA)
                .field("snapshot", SchemaBuilder.string().optional().defaultValue("false").build())
                .field("txId", Schema.OPTIONAL_INT64_SCHEMA)
                .field("lsn", Schema.OPTIONAL_INT64_SCHEMA)
                .build();
        Envelope envelope = Envelope.defineSchema().withName("menuca.menuca_v3.coupon_usage_log.Envelope")
                .withRecord(row).withSource(source).build();

        Struct before = new Struct(row).put("id", 7L).put("coupon_id", 3L).put("discount_applied", "1.50")
                .put("active", true).put("used_at", "2026-11-28T09:45:08.123456Z");
        Struct after = new Struct(row).put("id", 7L).put("coupon_id", 3L).put("customer_id", 42L)
                .put("discount_applied", "12.05").put("code", "SUMMER \"25\" é\u0001").put("active", false)
                .put("used_at", "2026-11-28T09:45:08Z").put("valid_until", "2026-12-31T23:59:59.999999Z")
                .put("valid_on", 20_785);
        Struct src = new Struct(source).put("version", "3.6.1.Final").put("ts_ms", 1_764_323_108_000L)
                .put("txId", 991L).put("lsn", 123_456_789L);

        assertSameBytes(envelope.schema(), envelope.create(after, src, java.time.Instant.ofEpochMilli(1_764_323_108_123L)));
        assertSameBytes(envelope.schema(), envelope.update(before, after, src, java.time.Instant.ofEpochMilli(1L)));
        assertSameBytes(envelope.schema(), envelope.delete(before, src, java.time.Instant.ofEpochMilli(2L)));
        Schema key = SchemaBuilder.struct().name("menuca.menuca_v3.coupon_usage_log.Key").field("id", Schema.INT64_SCHEMA).build();
        assertSameBytes(key, new Struct(key).put("id", 7L));
    }

    @Test
    void everyConnectTypeAndLogicalTypeMatches() {
        Schema decimal = Decimal.schema(2);
        Schema all = SchemaBuilder.struct()
                .field("i8", Schema.INT8_SCHEMA).field("i16", Schema.INT16_SCHEMA).field("i32", Schema.INT32_SCHEMA)
                .field("i64", Schema.INT64_SCHEMA).field("f32", Schema.FLOAT32_SCHEMA).field("f64", Schema.FLOAT64_SCHEMA)
                .field("nan", Schema.FLOAT64_SCHEMA).field("inf", Schema.FLOAT32_SCHEMA)
                .field("bool", Schema.BOOLEAN_SCHEMA).field("text", Schema.STRING_SCHEMA)
                .field("bytes", Schema.BYTES_SCHEMA).field("buffer", Schema.BYTES_SCHEMA)
                .field("decimal", decimal).field("date", Date.SCHEMA).field("time", Time.SCHEMA)
                .field("timestamp", Timestamp.SCHEMA)
                .field("list", SchemaBuilder.array(Schema.OPTIONAL_STRING_SCHEMA).build())
                .field("by_name", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).build())
                .field("by_number", SchemaBuilder.map(Schema.INT32_SCHEMA, Schema.OPTIONAL_STRING_SCHEMA).build())
                .field("nothing", Schema.OPTIONAL_STRING_SCHEMA)
                .build();
        Map<String, Integer> byName = new LinkedHashMap<>();
        byName.put("a", 1);
        byName.put("b\n", 2);
        Map<Integer, String> byNumber = new LinkedHashMap<>();
        byNumber.put(10, "ten");
        byNumber.put(-1, null);
        Struct value = new Struct(all).put("i8", (byte) -8).put("i16", (short) 1_600).put("i32", Integer.MIN_VALUE)
                .put("i64", Long.MAX_VALUE).put("f32", 1.1f).put("f64", 1e-300).put("nan", Double.NaN)
                .put("inf", Float.NEGATIVE_INFINITY).put("bool", true).put("text", "tab\t, emoji \uD83C\uDF55, </script>")
                .put("bytes", new byte[] {0, 1, -2, 127}).put("buffer", ByteBuffer.wrap("buffer".getBytes(StandardCharsets.UTF_8)))
                .put("decimal", new BigDecimal("-1234.50")).put("date", new java.util.Date(86_400_000L * 20_000))
                .put("time", new java.util.Date(45_296_789L)).put("timestamp", new java.util.Date(1_764_323_108_123L))
                .put("list", Arrays.asList("x", null, "z")).put("by_name", byName).put("by_number", byNumber);
        assertSameBytes(all, value);
        assertSameBytes(all, value, Map.of("decimal.format", "NUMERIC"));
        assertSameBytes(all, value, Map.of("replace.null.with.default", "false"));
    }

    @Test
    void valuesWithoutSchemaMatch() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("n", 1L);
        map.put("list", List.of(1, "two", 3.0));
        map.put("nested", Map.of("yes", true));
        assertSameBytes(null, map);
        assertSameBytes(null, Map.of(1, "one"));
        assertSameBytes(null, "plain");
        assertSameBytes(null, 12);
        assertSameBytes(Schema.OPTIONAL_STRING_SCHEMA, null);
        assertThat(converter(Map.of()).fromConnectData(TOPIC, null, null)).isNull();
    }

    @Test
    void defaultsReplaceNullsUnlessTurnedOff() {
        Schema schema = SchemaBuilder.struct()
                .field("flag", SchemaBuilder.bool().optional().defaultValue(true).build())
                .build();
        Struct value = new Struct(schema);
        assertSameBytes(schema, value);
        assertSameBytes(schema, value, Map.of("replace.null.with.default", "false"));
        assertThat(json(converter(Map.of()).fromConnectData(TOPIC, schema, value))).isEqualTo("{\"flag\":true}");
        assertThat(json(converter(Map.of("replace.null.with.default", "false")).fromConnectData(TOPIC, schema, value)))
                .isEqualTo("{\"flag\":null}");
    }

    /** Seeded random schemas and values: nesting, optionality and defaults in combinations no one writes by hand. */
    @Test
    void randomStructsMatch() {
        Random random = new Random(20261128L);
        for (int i = 0; i < 2_000; i++) {
            Schema schema = randomStruct(random, 0);
            assertSameBytes(schema, randomValue(random, schema));
        }
    }

    @Test
    void structsOfAnEqualButSeparateSchemaAreWrittenAndAMismatchIsStillRefused() {
        Schema declared = SchemaBuilder.struct().name("row").field("id", Schema.INT64_SCHEMA).build();
        Schema copy = SchemaBuilder.struct().name("row").field("id", Schema.INT64_SCHEMA).build();
        Schema different = SchemaBuilder.struct().name("row").field("id", Schema.INT32_SCHEMA).build();
        StreamingJsonConverter converter = converter(Map.of());
        for (int i = 0; i < 3; i++) {
            assertSameBytes(declared, new Struct(copy).put("id", 1L));
            assertThat(json(converter.fromConnectData(TOPIC, declared, new Struct(copy).put("id", 1L)))).isEqualTo("{\"id\":1}");
            assertThatThrownBy(() -> converter.fromConnectData(TOPIC, declared, new Struct(different).put("id", 1)))
                    .isInstanceOf(DataException.class).hasMessageContaining("Mismatching schema");
        }
    }

    @Test
    void rejectsWhatJsonConverterRejects() {
        Schema required = SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA).build();
        Schema other = SchemaBuilder.struct().field("other", Schema.INT64_SCHEMA).build();
        StreamingJsonConverter converter = converter(Map.of());
        assertThatThrownBy(() -> converter.fromConnectData(TOPIC, Schema.INT64_SCHEMA, null))
                .isInstanceOf(DataException.class).hasMessageContaining("null value for field that is required");
        assertThatThrownBy(() -> converter.fromConnectData(TOPIC, other, new Struct(required).put("id", 1L)))
                .isInstanceOf(DataException.class).hasMessageContaining("Mismatching schema");
        assertThatThrownBy(() -> converter.fromConnectData(TOPIC, Schema.INT64_SCHEMA, "not a number"))
                .isInstanceOf(DataException.class);
        assertThatThrownBy(() -> converter(Map.of("schemas.enable", "true")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("plain JSON only");
    }

    @Test
    void readsBackWhatItWrote() {
        Schema schema = SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA).build();
        StreamingJsonConverter converter = converter(Map.of());
        byte[] written = converter.fromConnectData(TOPIC, schema, new Struct(schema).put("id", 5L));
        assertThat(converter.toConnectData(TOPIC, written).value()).isEqualTo(Map.of("id", 5L));
    }

    private static void assertSameBytes(Schema schema, Object value) {
        assertSameBytes(schema, value, Map.of());
    }

    private static void assertSameBytes(Schema schema, Object value, Map<String, String> settings) {
        for (boolean isKey : new boolean[] {false, true}) {
            JsonConverter reference = new JsonConverter();
            Map<String, Object> referenceSettings = new LinkedHashMap<>(settings);
            referenceSettings.put("schemas.enable", "false");
            reference.configure(referenceSettings, isKey);
            StreamingJsonConverter streaming = new StreamingJsonConverter();
            streaming.configure(settings, isKey);
            String expected = json(reference.fromConnectData(TOPIC, schema, value));
            assertThat(json(streaming.fromConnectData(TOPIC, schema, value))).isEqualTo(expected);
        }
    }

    private static StreamingJsonConverter converter(Map<String, String> settings) {
        StreamingJsonConverter converter = new StreamingJsonConverter();
        converter.configure(settings, false);
        return converter;
    }

    private static String json(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private static Schema randomStruct(Random random, int depth) {
        SchemaBuilder struct = SchemaBuilder.struct().name("s" + depth + "_" + random.nextInt(1_000));
        int fields = 1 + random.nextInt(6);
        for (int f = 0; f < fields; f++) {
            struct.field("f" + f, randomSchema(random, depth));
        }
        if (random.nextInt(4) == 0) {
            struct.optional();
        }
        return struct.build();
    }

    private static Schema randomSchema(Random random, int depth) {
        int kind = random.nextInt(depth < 2 ? 12 : 9);
        SchemaBuilder builder = switch (kind) {
            case 0 -> SchemaBuilder.int16();
            case 1 -> SchemaBuilder.int32();
            case 2 -> SchemaBuilder.int64();
            case 3 -> SchemaBuilder.float64();
            case 4 -> SchemaBuilder.bool();
            case 5, 6 -> SchemaBuilder.string();
            case 7 -> SchemaBuilder.bytes();
            case 8 -> Decimal.builder(random.nextInt(4));
            case 9 -> SchemaBuilder.array(randomSchema(random, depth + 1));
            case 10 -> SchemaBuilder.map(Schema.STRING_SCHEMA, randomSchema(random, depth + 1));
            default -> null;
        };
        if (builder == null) {
            return randomStruct(random, depth + 1);
        }
        if (random.nextBoolean()) {
            builder.optional();
        }
        if (kind <= 6 && random.nextInt(5) == 0) {
            builder.defaultValue(randomValue(random, builder.build()));
        }
        return builder.build();
    }

    private static Object randomValue(Random random, Schema schema) {
        if (schema.isOptional() && random.nextInt(4) == 0) {
            return null;
        }
        if (Decimal.LOGICAL_NAME.equals(schema.name())) {
            int scale = Integer.parseInt(schema.parameters().get(Decimal.SCALE_FIELD));
            return BigDecimal.valueOf(random.nextLong() % 1_000_000_000L, scale);
        }
        return switch (schema.type()) {
            case INT16 -> (short) random.nextInt();
            case INT32 -> random.nextInt();
            case INT64 -> random.nextLong();
            case FLOAT64 -> random.nextInt(10) == 0 ? Double.NaN : random.nextGaussian() * 1e6;
            case BOOLEAN -> random.nextBoolean();
            case STRING -> randomText(random);
            case BYTES -> randomText(random).getBytes(StandardCharsets.UTF_8);
            case ARRAY -> {
                List<Object> list = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    list.add(randomValue(random, schema.valueSchema()));
                }
                yield list;
            }
            case MAP -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    map.put(randomText(random), randomValue(random, schema.valueSchema()));
                }
                yield map;
            }
            case STRUCT -> {
                Struct struct = new Struct(schema);
                schema.fields().forEach(field -> {
                    Object value = randomValue(random, field.schema());
                    if (value != null) {
                        struct.put(field, value);
                    }
                });
                yield struct;
            }
            default -> throw new IllegalStateException("no generator for " + schema.type());
        };
    }

    private static String randomText(Random random) {
        String alphabet = "abcXYZ019 \"\\/\n\t\u0000\u00e9\u4e2d\uD83C\uDF55";
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(12); i > 0; i--) {
            int at = random.nextInt(alphabet.length() - 1);
            // Keep surrogate pairs whole: a lone surrogate is not text either converter can encode.
            if (Character.isHighSurrogate(alphabet.charAt(at))) {
                text.append(alphabet, at, at + 2);
            } else if (!Character.isLowSurrogate(alphabet.charAt(at))) {
                text.append(alphabet.charAt(at));
            }
        }
        return text.toString();
    }
}
