package com.menuca.promo.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.menuca.promo.processor.deadletter.DeadLetters;
import com.menuca.promo.schemas.cdc.CdcTable;
import com.menuca.promo.schemas.json.Json;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Finding 10 of issue 12, why the processor's retry-then-dead-letter is proven with an injected
 * failure ({@link IntakeFailureTest}): no record a change topic can carry makes the topology throw.
 * Three thousand valid changes (a fixed seed), each altered in one to three places (a column, a
 * source field, the operation, a row image: swapped for null, a wrong type, an out-of-range number or
 * date, or removed), go through the real topology with its clock moving (expiry timers fire): none
 * escapes as an exception that would fail the stream thread, and so be met again by the thread that
 * replaces it, and none fails a later step (which the topology's processing exception handler would
 * turn into a {@code processing_failed} dead letter). (It found one, see {@link #aUsageDatedFarAwayIsDerivedOrADeadLetterNeverACrashLoop}.) An unexpected failure of the intake is therefore
 * one of its environment, not of its input, and cannot be caused from outside a real processor.
 */
class IntakeFuzzTest {
    private static final int CHANGES = 3_000;
    private static final List<CdcTable> TABLES = List.of(CdcTable.PROMOTIONAL_DEALS, CdcTable.PROMOTIONAL_COUPONS,
            CdcTable.COUPON_USAGE_LOG);
    private static final List<JsonNode> ODD_VALUES = oddValues();

    private final Random random = new Random(20261206L);
    private long lsn = 1_000;

    @Test
    void noAlteredChangeMakesTheTopologyThrow() {
        List<String> failures = new ArrayList<>();
        DerivationHarness harness = new DerivationHarness();
        try {
            for (int i = 0; i < CHANGES && failures.size() < 5; i++) {
                CdcTable table = TABLES.get(random.nextInt(TABLES.size()));
                ObjectNode envelope = envelope(table, harness.now());
                int alterations = 1 + random.nextInt(3);
                for (int a = 0; a < alterations; a++) {
                    alter(envelope);
                }
                String value = envelope.toString();
                try {
                    harness.pipeRaw(table, "{\"id\":" + random.nextInt(20) + "}", value);
                    if (i % 50 == 0) {
                        harness.jump(Duration.ofMinutes(random.nextInt(600)));
                    }
                } catch (RuntimeException | Error e) {
                    failures.add(describe(e) + " for " + table.tableName() + ": " + value);
                    harness.close();
                    harness = new DerivationHarness();
                }
            }
            // a step past the intake that throws is caught by the topology's handler: a dead letter, not an exception
            harness.deadLetters().stream().filter(letter -> letter.reason().equals(DeadLetters.PROCESSING_FAILED))
                    .forEach(letter -> failures.add("step failed: " + letter.detail() + ": " + letter.value()));
        } finally {
            harness.close();
        }
        assertThat(failures).as("changes that made the topology throw").isEmpty();
    }

    /**
     * What the alterations found: a usage dated after 2262 (a typo such as 3025, which PostgreSQL
     * stores) overflowed the customer savings store's epoch microseconds, failing that derivation on
     * every attempt: a crash loop. It is derived now; a date past what the derivations hold (PostgreSQL
     * accepts up to the year 294,276) is a dead letter at intake; and the next usage is derived.
     */
    @Test
    void aUsageDatedFarAwayIsDerivedOrADeadLetterNeverACrashLoop() {
        try (DerivationHarness harness = new DerivationHarness()) {
            harness.insert(CdcTable.PROMOTIONAL_COUPONS, Rows.coupon(17, 42, null, null, null, harness.now()));
            harness.insert(CdcTable.COUPON_USAGE_LOG,
                    Rows.with(Rows.usage(1, 17, 42, 7, harness.now()), "used_at", "3025-01-01T12:00:00Z"));
            harness.insert(CdcTable.COUPON_USAGE_LOG,
                    Rows.with(Rows.usage(2, 17, 42, 7, harness.now()), "used_at", "+294276-12-31T23:59:59Z"));
            harness.insert(CdcTable.COUPON_USAGE_LOG, Rows.usage(3, 17, 42, 7, harness.now()));

            assertThat(harness.deadLetters()).singleElement().satisfies(letter -> {
                assertThat(letter.reason()).isEqualTo("invalid_row");
                assertThat(letter.detail()).isEqualTo(
                        "coupon_usage_log row: column used_at is outside years 1 to 9999: +294276-12-31T23:59:59Z");
            });
            assertThat(harness.savings(7)).as("usages 1 and 3 derived").satisfies(savings -> {
                assertThat(savings.redemptions()).isEqualTo(2);
                assertThat(savings.lastRedeemedAt()).isEqualTo(Instant.parse("3025-01-01T12:00:00Z"));
            });
        }
    }

    /**
     * The fuzz's other find: a commit time ({@code source.ts_ms}) far outside any calendar date came out
     * as an event whose {@code occurred_at} no RFC 3339 parser reads. It is a dead letter at intake.
     */
    @Test
    void aCommitTimeOutsideTheYearsIsADeadLetter() {
        try (DerivationHarness harness = new DerivationHarness()) {
            for (long tsMs : new long[] {Long.MAX_VALUE, -62_135_596_800_001L}) {
                ObjectNode envelope = envelope(CdcTable.COUPON_USAGE_LOG, harness.now());
                ((ObjectNode) envelope.get("source")).put("ts_ms", tsMs);
                harness.pipeRaw(CdcTable.COUPON_USAGE_LOG, "{\"id\":1}", envelope.toString());
            }
            assertThat(harness.deadLetters()).hasSize(2).allSatisfy(letter -> {
                assertThat(letter.reason()).isEqualTo("invalid_row");
                assertThat(letter.detail()).contains("commit time", "outside years 1 to 9999");
            });
        }
    }

    /** The failure, its root cause and where the root cause was thrown from in this project's code. */
    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String where = java.util.Arrays.stream(root.getStackTrace())
                .filter(frame -> frame.getClassName().startsWith("com.menuca")).limit(3)
                .map(StackTraceElement::toString).collect(java.util.stream.Collectors.joining(" < "));
        return e + (root == e ? "" : " caused by " + root) + " at " + where;
    }

    private ObjectNode envelope(CdcTable table, Instant now) {
        long id = 1 + random.nextInt(20);
        long restaurant = 1 + random.nextInt(3);
        ObjectNode row = switch (table) {
            case PROMOTIONAL_DEALS -> Rows.deal(id, restaurant, now.plus(Duration.ofHours(random.nextInt(48) - 24)));
            case PROMOTIONAL_COUPONS -> Rows.coupon(id, restaurant, random.nextBoolean() ? null : (long) random.nextInt(20),
                    random.nextBoolean() ? null : random.nextInt(5), random.nextBoolean() ? null : random.nextInt(3), now);
            default -> Rows.usage(id, random.nextInt(20), restaurant, random.nextInt(5), now);
        };
        String op = List.of("c", "u", "d", "r").get(random.nextInt(4));
        ObjectNode before = op.equals("u") || op.equals("d") ? row.deepCopy() : null;
        if (before != null && random.nextBoolean()) {
            before.put("restaurant_id", 1 + random.nextInt(3));
        }
        long changeLsn = ++lsn;
        ObjectNode source = Json.mapper().createObjectNode().put("version", "3.6.1.Final").put("connector", "postgresql")
                .put("name", "menuca").put("ts_ms", now.toEpochMilli()).put("snapshot", op.equals("r") ? "true" : "false")
                .put("db", "menuca").put("schema", "menuca_v3").put("table", table.tableName()).put("txId", 700L)
                .put("lsn", changeLsn);
        if (op.equals("r")) {
            source.putNull("sequence");
        } else {
            source.put("sequence", "[\"" + (changeLsn - 1) + "\",\"" + changeLsn + "\"]");
        }
        ObjectNode envelope = Json.mapper().createObjectNode().put("op", op);
        envelope.set("before", before);
        envelope.set("after", op.equals("d") ? null : row);
        envelope.set("source", source);
        envelope.putNull("transaction");
        envelope.put("ts_ms", now.toEpochMilli());
        return envelope;
    }

    /** Replaces or removes one field somewhere in the envelope (its rows and source block included). */
    private void alter(ObjectNode envelope) {
        List<ObjectNode> objects = new ArrayList<>();
        objects.add(envelope);
        for (String part : List.of("before", "after", "source")) {
            if (envelope.get(part) instanceof ObjectNode object) {
                objects.add(object);
                objects.add(object);
            }
        }
        ObjectNode target = objects.get(random.nextInt(objects.size()));
        List<String> fields = new ArrayList<>();
        for (Iterator<String> names = target.fieldNames(); names.hasNext(); ) {
            fields.add(names.next());
        }
        if (fields.isEmpty()) {
            return;
        }
        String field = fields.get(random.nextInt(fields.size()));
        if (random.nextInt(5) == 0) {
            target.remove(field);
        } else {
            target.set(field, ODD_VALUES.get(random.nextInt(ODD_VALUES.size())).deepCopy());
        }
    }

    private static List<JsonNode> oddValues() {
        var json = Json.mapper().getNodeFactory();
        ArrayNode pair = json.arrayNode().add(1).add(2);
        ObjectNode object = json.objectNode().put("a", 1);
        List<JsonNode> values = new ArrayList<>(List.of(json.nullNode(), json.textNode(""), json.textNode("x"),
                json.numberNode(0), json.numberNode(-1), json.numberNode(Long.MIN_VALUE), json.numberNode(Long.MAX_VALUE),
                json.numberNode(BigInteger.TWO.pow(70)), json.numberNode(1.5), json.numberNode(1e308), json.numberNode(-0.0),
                json.booleanNode(true), json.booleanNode(false), json.arrayNode(), json.objectNode(), pair, object,
                json.textNode("NaN"), json.textNode("-1.00"), json.textNode("1e400"), json.textNode("99999999999999999999.99"),
                json.textNode("-99999999999999999999.99"), json.textNode("0.000000000000000000001"),
                json.textNode("2026-02-30T00:00:00Z"), json.textNode("9999-12-31T23:59:59Z"),
                json.textNode("+1000000000-01-01T00:00:00Z"), json.textNode("-999999999-01-01T00:00:00Z"),
                json.textNode("0001-01-01T00:00:00Z"), json.textNode("1970-01-01T00:00:00Z"),
                json.textNode("c"), json.textNode("u"), json.textNode("d"), json.textNode("r"), json.textNode("t"),
                json.textNode("[\"1\",\"2\"]"), json.textNode("[\"99999999999999999999\",\"1\"]"),
                json.textNode("[\"-1\",\"2\"]"), json.textNode("[\"5\"]"), json.textNode("promotional_deals"),
                json.textNode("coupon_usage_log"), json.textNode("true"), json.textNode("percent"),
                json.textNode("amount"), json.textNode("expired"), json.textNode("scheduled"), json.textNode("active")));
        return List.copyOf(values);
    }

    /**
     * What the alterations found next: {@code 1e400} in a decimal column passed the intake and was
     * published as {@code 1E+400}, which no event's decimal pattern allows. A value that does not fit
     * the column's {@code numeric(precision, scale)} cannot come from PostgreSQL: a dead letter at intake.
     */
    @Test
    void aDecimalTheColumnCannotHoldIsADeadLetter() {
        try (DerivationHarness harness = new DerivationHarness()) {
            harness.insert(CdcTable.PROMOTIONAL_COUPONS, Rows.coupon(17, 42, null, null, null, harness.now()));
            harness.insert(CdcTable.COUPON_USAGE_LOG, Rows.with(Rows.usage(1, 17, 42, 7, harness.now()), "discount_applied", "1e400"));
            harness.insert(CdcTable.COUPON_USAGE_LOG, Rows.with(Rows.usage(2, 17, 42, 7, harness.now()), "order_total", "123456789.00"));
            harness.insert(CdcTable.COUPON_USAGE_LOG, Rows.with(Rows.usage(3, 17, 42, 7, harness.now()), "order_total", "30.005"));
            harness.insert(CdcTable.COUPON_USAGE_LOG, Rows.with(Rows.usage(4, 17, 42, 7, harness.now()), "order_total", "99999999.99"));

            assertThat(harness.deadLetters()).extracting(letter -> letter.detail()).containsExactly(
                    "coupon_usage_log row: column discount_applied does not fit numeric(10, 2): \"1e400\"",
                    "coupon_usage_log row: column order_total does not fit numeric(10, 2): \"123456789.00\"",
                    "coupon_usage_log row: column order_total does not fit numeric(10, 2): \"30.005\"");
            assertThat(harness.savings(7).redemptions()).as("the largest order the column holds is derived").isEqualTo(1);
        }
    }
}
