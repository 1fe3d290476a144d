package com.menuca.promo.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.menuca.promo.schemas.ChangeTopics;
import com.menuca.promo.schemas.Topic;
import com.menuca.promo.schemas.Topics;
import com.menuca.promo.schemas.cdc.ChangeSource;
import com.menuca.promo.schemas.cdc.CouponUsage;
import com.menuca.promo.schemas.cdc.MarketingTag;
import com.menuca.promo.schemas.cdc.PromotionalCoupon;
import com.menuca.promo.schemas.cdc.PromotionalDeal;
import com.menuca.promo.schemas.cdc.RestaurantTagAssociation;
import com.menuca.promo.schemas.cdc.RowId;
import com.menuca.promo.schemas.cdc.TagAssociationKey;
import com.menuca.promo.schemas.derived.CountsKey;
import com.menuca.promo.schemas.derived.CustomerKey;
import com.menuca.promo.schemas.derived.CustomerSavings;
import com.menuca.promo.schemas.derived.DeadLetter;
import com.menuca.promo.schemas.derived.DeadLetterKey;
import com.menuca.promo.schemas.derived.DealPerformance;
import com.menuca.promo.schemas.derived.DerivedEvent;
import com.menuca.promo.schemas.derived.DerivedEventType;
import com.menuca.promo.schemas.derived.RedemptionCounts;
import com.menuca.promo.schemas.derived.RestaurantKey;
import com.menuca.promo.schemas.json.Json;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The Java records of promo-contracts against the JSON Schemas they mirror: for every record, the JSON
 * properties Jackson reads and writes are exactly the schema's, a property the schema lets be null is
 * not a primitive, and each property's Java type fits its schema type (integer, decimal string,
 * date-time, date, duration, enum values, nested object, array), recursively. A field added to a schema
 * without the record, or the other way round, fails here.
 */
class ContractRecordsTest {
    private static final String DECIMAL_PATTERN = Catalog.bundled().schemas().document("common/types.json")
            .at("/$defs/decimal/pattern").asText();
    private final SchemaFiles files = Catalog.bundled().schemas();

    @Test
    void shouldMirrorEveryTableRowAndKey() {
        List<String> problems = new ArrayList<>();
        check(PromotionalDeal.class, row("promotional_deals"), "promotional_deals row", true, problems);
        check(PromotionalCoupon.class, row("promotional_coupons"), "promotional_coupons row", true, problems);
        check(MarketingTag.class, row("marketing_tags"), "marketing_tags row", true, problems);
        check(RestaurantTagAssociation.class, row("restaurant_tag_associations"), "restaurant_tag_associations row", true,
                problems);
        check(CouponUsage.class, row("coupon_usage_log"), "coupon_usage_log row", true, problems);
        for (String table : List.of("promotional_deals", "promotional_coupons", "marketing_tags", "coupon_usage_log")) {
            check(RowId.class, SchemaShape.of(files, "menuca.menuca_v3." + table + "/key.json"), table + " key", true, problems);
        }
        check(TagAssociationKey.class, SchemaShape.of(files, "menuca.menuca_v3.restaurant_tag_associations/key.json"),
                "restaurant_tag_associations key", true, problems);
        // The envelope's source block has more Debezium fields than the record promises: each promised one must be there.
        check(ChangeSource.class, SchemaShape.of(files, "common/change-envelope.json", "/$defs/source"), "change source",
                false, problems);
        assertThat(problems).isEmpty();
    }

    @Test
    void shouldMirrorEveryDerivedValueKeyAndEventData() {
        List<String> problems = new ArrayList<>();
        check(DerivedEvent.class, SchemaShape.of(files, "promo.deal-lifecycle/value.json"), "derived event", true, problems);
        for (DerivedEventType type : DerivedEventType.values()) {
            check(type.dataType(), SchemaShape.of(files, "common/derived-event.json", "/$defs/" + type.wireName()),
                    type.wireName() + " data", true, problems);
        }
        check(RedemptionCounts.class, SchemaShape.of(files, "promo.redemption-counts/value.json"), "redemption counts", true,
                problems);
        check(DealPerformance.class, SchemaShape.of(files, "promo.deal-performance/value.json"), "deal performance", true,
                problems);
        check(CustomerSavings.class, SchemaShape.of(files, "promo.customer-savings/value.json"), "customer savings", true,
                problems);
        check(DeadLetter.class, SchemaShape.of(files, "promo.dead-letter/value.json"), "dead letter", true, problems);
        check(RestaurantKey.class, SchemaShape.of(files, "promo.deal-lifecycle/key.json"), "restaurant key", true, problems);
        check(CountsKey.class, SchemaShape.of(files, "promo.redemption-counts/key.json"), "counts key", true, problems);
        check(CustomerKey.class, SchemaShape.of(files, "promo.customer-savings/key.json"), "customer key", true, problems);
        check(DeadLetterKey.class, SchemaShape.of(files, "promo.dead-letter/key.json"), "dead-letter key", true, problems);
        assertThat(problems).isEmpty();
    }

    @Test
    void shouldMirrorTheGatewaysPresenceAndBroadcastRecords() {
        List<String> problems = new ArrayList<>();
        check(com.menuca.promo.schemas.gateway.PresenceKey.class, SchemaShape.of(files, "promo.gateway.presence/key.json"),
                "presence key", true, problems);
        check(com.menuca.promo.schemas.gateway.PresenceRecord.class,
                SchemaShape.of(files, "promo.gateway.presence/value.json"), "presence", true, problems);
        check(com.menuca.promo.schemas.gateway.BroadcastKey.class,
                SchemaShape.of(files, "promo.gateway.broadcasts/key.json"), "broadcast key", true, problems);
        check(com.menuca.promo.schemas.gateway.ClientBroadcast.class,
                SchemaShape.of(files, "promo.gateway.broadcasts/value.json"), "client broadcast", true, problems);
        assertThat(problems).isEmpty();
    }

    @Test
    void shouldTypeEveryConsumerTopicOfTheCatalogue() {
        Catalog catalog = Catalog.bundled();
        Set<String> contract = catalog.topics().stream().filter(CatalogTopic::hasSchemas).map(CatalogTopic::name)
                .collect(Collectors.toSet());
        assertThat(Topics.all()).extracting(Topic::name).containsExactlyInAnyOrderElementsOf(contract);
        assertThat(ChangeTopics.all()).extracting(Topic::name)
                .containsExactlyElementsOf(catalog.group(TopicGroup.CDC).stream().map(CatalogTopic::name).toList());
    }

    @Test
    void shouldNoticeARecordThatDriftedFromItsSchema() {
        record Drifted(@com.fasterxml.jackson.annotation.JsonProperty("id") long id,
                       @com.fasterxml.jackson.annotation.JsonProperty("name") String name,
                       @com.fasterxml.jackson.annotation.JsonProperty("created_at") String createdAt,
                       @com.fasterxml.jackson.annotation.JsonProperty("colour") String colour) {
        }
        List<String> problems = new ArrayList<>();
        check(Drifted.class, row("marketing_tags"), "drifted", true, problems);
        assertThat(problems).anyMatch(p -> p.contains("slug")).anyMatch(p -> p.contains("colour"))
                .anyMatch(p -> p.contains("created_at"));
    }

    private SchemaShape row(String table) {
        return SchemaShape.of(files, "menuca.menuca_v3." + table + "/value.json").properties().get("after");
    }

    /** Compares a record type with a schema shape, adding one line per difference. */
    private void check(Class<?> type, SchemaShape shape, String where, boolean exact, List<String> problems) {
        JavaType javaType = Json.mapper().constructType(type);
        List<BeanPropertyDefinition> properties = Json.mapper().getSerializationConfig().introspect(javaType)
                .findProperties();
        Set<String> javaNames = properties.stream().map(BeanPropertyDefinition::getName)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        Set<String> schemaNames = shape.properties().keySet();
        for (String name : schemaNames) {
            if (!javaNames.contains(name) && (exact || shape.required().contains(name))) {
                problems.add(where + ": schema property '" + name + "' is missing from " + type.getSimpleName());
            }
        }
        for (BeanPropertyDefinition property : properties) {
            SchemaShape field = shape.properties().get(property.getName());
            if (field == null) {
                problems.add(where + ": " + type.getSimpleName() + "." + property.getName() + " is not in the schema");
                continue;
            }
            checkValue(property.getPrimaryType(), field, where + "." + property.getName(), problems);
        }
    }

    private void checkValue(JavaType type, SchemaShape shape, String where, List<String> problems) {
        Class<?> raw = type.getRawClass();
        if (shape.nullable() && raw.isPrimitive()) {
            problems.add(where + ": may be null in the schema but is a " + raw + " in Java");
        }
        Set<String> types = new LinkedHashSet<>(shape.types());
        types.remove("null");
        if (raw == com.menuca.promo.schemas.derived.data.EventData.class) {
            return; // the type-specific payload, checked per type above
        }
        if (types.isEmpty() && raw == Object.class) {
            return; // any JSON value (a client broadcast's payload) as Jackson reads it
        }
        String expected = types.size() == 1 ? types.iterator().next() : String.valueOf(types);
        boolean fits = switch (expected) {
            case "integer" -> Set.of(long.class, Long.class, int.class, Integer.class).contains(raw);
            case "boolean" -> raw == boolean.class || raw == Boolean.class;
            case "string" -> fitsString(raw, shape, where, problems);
            case "object" -> raw.isRecord() || Map.class.isAssignableFrom(raw);
            case "array" -> List.class.isAssignableFrom(raw);
            default -> false;
        };
        if (!fits) {
            problems.add(where + ": schema type " + shape.typeText() + (shape.pattern() != null ? " pattern " + shape.pattern() : "")
                    + " does not fit Java " + type);
            return;
        }
        if (raw.isRecord()) {
            check(raw, shape, where, true, problems);
        } else if (List.class.isAssignableFrom(raw) && shape.items() != null) {
            checkValue(type.getContentType(), shape.items(), where + "[]", problems);
        }
    }

    private boolean fitsString(Class<?> raw, SchemaShape shape, String where, List<String> problems) {
        if (DECIMAL_PATTERN.equals(shape.pattern())) {
            return raw == BigDecimal.class;
        }
        if ("date-time".equals(shape.format())) {
            return raw == Instant.class;
        }
        if ("date".equals(shape.format())) {
            return raw == LocalDate.class;
        }
        if (shape.pattern() != null && shape.pattern().startsWith("^PT")) {
            return raw == Duration.class;
        }
        if (raw.isEnum()) {
            Set<String> javaValues = Arrays.stream(raw.getEnumConstants()).map(ContractRecordsTest::wireValue)
                    .collect(Collectors.toSet());
            Set<String> schemaValues = shape.allowedValues() == null ? Set.of() : shape.allowedValues().stream()
                    .filter(JsonNode::isTextual).map(JsonNode::asText).collect(Collectors.toSet());
            if (!javaValues.equals(schemaValues)) {
                problems.add(where + ": enum " + raw.getSimpleName() + " " + javaValues + " differs from the schema's "
                        + schemaValues);
            }
            return true;
        }
        return raw == String.class;
    }

    private static String wireValue(Object constant) {
        for (Method method : constant.getClass().getMethods()) {
            if (method.isAnnotationPresent(JsonValue.class)) {
                try {
                    return String.valueOf(method.invoke(constant));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return ((Enum<?>) constant).name();
    }
}
