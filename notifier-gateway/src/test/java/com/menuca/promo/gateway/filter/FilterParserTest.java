package com.menuca.promo.gateway.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.menuca.promo.schemas.cdc.CdcTable;
import com.menuca.promo.schemas.json.Json;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The filter language: every operator, AND, quoting, in-lists, NULL, types, and every kind of bad input. */
class FilterParserTest {
    private static final CdcTable DEALS = CdcTable.PROMOTIONAL_DEALS;

    private static ObjectNode deal(long restaurant, boolean active, String title, String percent, String endsAt) {
        ObjectNode row = Json.mapper().createObjectNode();
        row.put("id", 1).put("restaurant_id", restaurant).put("is_active", active).put("title", title)
                .put("discount_percent", percent).put("ends_at", endsAt).putNull("description");
        return row;
    }

    private static boolean matches(String filter, ObjectNode row) throws FilterException {
        return FilterParser.parse(DEALS, filter).matches(row);
    }

    @ParameterizedTest(name = "{0} on restaurant 42")
    @CsvSource({
        "restaurant_id=eq.42, true", "restaurant_id=eq.43, false",
        "restaurant_id=neq.42, false", "restaurant_id=neq.7, true",
        "restaurant_id=lt.43, true", "restaurant_id=lt.42, false",
        "restaurant_id=lte.42, true", "restaurant_id=lte.41, false",
        "restaurant_id=gt.41, true", "restaurant_id=gt.42, false",
        "restaurant_id=gte.42, true", "restaurant_id=gte.43, false",
        "'restaurant_id=in.(1,42,3)', true", "'restaurant_id=in.(1,2,3)', false"})
    void everyOperatorComparesByTheColumnType(String filter, boolean expected) throws Exception {
        assertThat(matches(filter, deal(42, true, "x", "12.50", "2026-01-01T00:00:00Z"))).isEqualTo(expected);
    }

    @Test
    void numbersCompareNumericallyNotAsText() throws Exception {
        ObjectNode row = deal(100, true, "x", "12.50", "2026-01-01T00:00:00Z");
        assertThat(matches("restaurant_id=gt.99", row)).isTrue();
        assertThat(matches("discount_percent=eq.12.5", row)).as("12.50 = 12.5").isTrue();
        assertThat(matches("discount_percent=lt.9", row)).isFalse();
    }

    @Test
    void timestampsCompareAsInstantsInAnyOffsetNotation() throws Exception {
        ObjectNode row = deal(1, true, "x", "1", "2026-11-28T03:43:05.534086Z");
        assertThat(matches("ends_at=gt.2026-11-28T03:43:05Z", row)).isTrue();
        assertThat(matches("ends_at=lt.2026-11-28 04:43:06+01", row)).isTrue();
        assertThat(matches("ends_at=lt.2026-11-28T03:43:05+00:00", row)).isFalse();
    }

    @Test
    void commasJoinConditionsWithAnd() throws Exception {
        ObjectNode active = deal(42, true, "x", "1", "2026-01-01T00:00:00Z");
        ObjectNode inactive = deal(42, false, "x", "1", "2026-01-01T00:00:00Z");
        assertThat(matches("restaurant_id=eq.42,is_active=eq.true", active)).isTrue();
        assertThat(matches("restaurant_id=eq.42,is_active=eq.true", inactive)).isFalse();
        assertThat(FilterParser.parse(DEALS, "restaurant_id=eq.42,is_active=eq.true").conditions()).hasSize(2);
    }

    @Test
    void quotesProtectCommasParenthesesAndSpaces() throws Exception {
        ObjectNode row = deal(1, true, "Two, for (one)", "1", "2026-01-01T00:00:00Z");
        assertThat(matches("title=eq.\"Two, for (one)\"", row)).isTrue();
        assertThat(matches("title=in.(\"Two, for (one)\",other),restaurant_id=eq.1", row)).isTrue();
        assertThat(matches("title=eq.\"say \\\"hi\\\"\"", deal(1, true, "say \"hi\"", "1", "2026-01-01T00:00:00Z"))).isTrue();
        assertThat(FilterParser.parse(DEALS, "title=in.(\"a,b\",c)").conditions().get(0).values()).hasSize(2);
    }

    @Test
    void nullTestsAndNullRowValues() throws Exception {
        ObjectNode row = deal(1, true, "x", "1", "2026-01-01T00:00:00Z");
        assertThat(matches("description=eq.null", row)).isTrue();
        assertThat(matches("description=neq.null", row)).isFalse();
        assertThat(matches("description=eq.something", row)).as("NULL never equals a value").isFalse();
        assertThat(matches("description=neq.something", row)).as("NULL <> value is not true in SQL").isFalse();
    }

    @Test
    void anEqualityConditionIsTheIndexKey() throws Exception {
        RowFilter filter = FilterParser.parse(DEALS, "is_active=eq.true,restaurant_id=in.(4,5)");
        assertThat(filter.indexable()).get().extracting(c -> c.column().name()).isEqualTo("is_active");
        assertThat(FilterParser.parse(DEALS, "restaurant_id=gt.4").indexable()).isEmpty();
        assertThat(FilterParser.parse(DEALS, "discount_percent=eq.12.50").conditions().get(0).values())
                .containsExactly(new BigDecimal("12.5"));
        assertThat(FilterParser.parse(DEALS, null).conditions()).isEmpty();
        assertThat(FilterParser.parse(DEALS, "").matches(deal(1, true, "x", "1", "2026-01-01T00:00:00Z"))).isTrue();
    }

    @Test
    void inListsTakeAtMostOneHundredValues() throws Exception {
        String hundred = String.join(",", java.util.stream.IntStream.rangeClosed(1, 100).mapToObj(String::valueOf).toList());
        assertThat(FilterParser.parse(DEALS, "restaurant_id=in.(" + hundred + ")").conditions().get(0).values()).hasSize(100);
        assertThatThrownBy(() -> FilterParser.parse(DEALS, "restaurant_id=in.(" + hundred + ",101)"))
                .isInstanceOf(FilterException.class).hasMessageContaining("101 values; at most 100");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "restaurant=eq.1 | unknown column 'restaurant' in table menuca_v3.promotional_deals (columns: id, restaurant_id",
        "restaurant_id=like.1 | unknown operator 'like'",
        "restaurant_id=eq.abc | 'abc' is not a valid int8 (column restaurant_id is int8)",
        "is_active=eq.maybe | 'maybe' is not a valid bool",
        "ends_at=gt.yesterday | 'yesterday' is not a valid timestamptz",
        "restaurant_id | expected column=operator.value",
        "restaurant_id=eq | expected restaurant_id=operator.value",
        "restaurant_id=eq. | missing value",
        "restaurant_id=eq.1, | empty condition",
        "restaurant_id=in.1,2 | malformed in-list",
        "restaurant_id=in.() | empty in-list",
        "restaurant_id=in.(1,2 | unbalanced '('",
        "title=eq.\"open | unterminated double quote",
        "title=eq.a\"b\" | stray double quote",
        "restaurant_id=lt.null | null can only be compared with eq or neq",
        "1abc=eq.1 | malformed column name"})
    void badFiltersAreRefusedWithAReason(String filter, String reason) {
        assertThatThrownBy(() -> FilterParser.parse(DEALS, filter)).isInstanceOf(FilterException.class)
                .hasMessageContaining(reason.trim());
    }

    @Test
    void deletesAreMatchedOnTheOldRow() throws Exception {
        var change = Json.mapper().readValue("{\"op\":\"d\",\"before\":{\"id\":1,\"restaurant_id\":42},\"after\":null,"
                + "\"source\":{\"ts_ms\":1},\"ts_ms\":2}", com.menuca.promo.schemas.cdc.ChangeEvent.UNTYPED);
        assertThat(FilterParser.parse(DEALS, "restaurant_id=eq.42").matches(change.row())).isTrue();
        assertThat(List.of(change.row().path("id").asLong())).containsExactly(1L);
    }
}
