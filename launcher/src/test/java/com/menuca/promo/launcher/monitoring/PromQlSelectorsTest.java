package com.menuca.promo.launcher.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.menuca.promo.launcher.monitoring.PromQlSelectors.Matcher;
import com.menuca.promo.launcher.monitoring.PromQlSelectors.Selector;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromQlSelectorsTest {

    @Test
    void shouldFindMetricsInsideFunctionsAndAggregationsButNotTheirLabelLists() {
        List<Selector> selectors = PromQlSelectors.of(
                "sum by (job, instance, reason) (increase(promo_processor_dead_letters_total[10m])) > 0");
        assertThat(selectors).containsExactly(new Selector("promo_processor_dead_letters_total", List.of()));
    }

    @Test
    void shouldReadMatchersWithTheirOperatorsAndUnescapedValues() {
        List<Selector> selectors = PromQlSelectors.of("sum by (job, instance) (kafka_consumer_fetch_manager_records_lag{job=\"promo-processor\",\n"
                + "client_id=~\".+-StreamThread-[0-9]+-consumer\", topic=~\"menuca\\\\.menuca_v3\\\\..+\"}) > 10000");
        assertThat(selectors).hasSize(1);
        assertThat(selectors.get(0).metric()).isEqualTo("kafka_consumer_fetch_manager_records_lag");
        assertThat(selectors.get(0).matchers()).containsExactly(new Matcher("job", "=", "promo-processor"),
                new Matcher("client_id", "=~", ".+-StreamThread-[0-9]+-consumer"),
                new Matcher("topic", "=~", "menuca\\.menuca_v3\\..+"));
        assertThat(selectors.get(0).matchers().get(2).matches("menuca.menuca_v3.coupon_usage_log")).isTrue();
        assertThat(selectors.get(0).matchers().get(2).matches("menuca_menuca_v3_coupon_usage_log")).isFalse();
    }

    @Test
    void shouldFindEverySelectorOfABinaryExpressionAndSkipKeywordsAndNumbers() {
        List<Selector> selectors = PromQlSelectors.of("promo_capture_slot_lag_bytes > 256 * 1024 * 1024 and "
                + "delta(promo_capture_slot_lag_bytes[15m]) > 0 or absent(up{job=\"promo-capture\"}) unless on (instance) x offset 5m");
        assertThat(selectors).extracting(Selector::metric)
                .containsExactly("promo_capture_slot_lag_bytes", "promo_capture_slot_lag_bytes", "up", "x");
    }

    @Test
    void shouldReadHistogramQuantilesAndGrafanaVariablesFilledIn() {
        List<Selector> selectors = PromQlSelectors.of("histogram_quantile(0.99, sum by (le) (rate("
                + "promo_gateway_delivery_latency_seconds_bucket{job=\"promo-gateway\", instance=~\".+\"}[1m])))");
        assertThat(selectors).containsExactly(new Selector("promo_gateway_delivery_latency_seconds_bucket",
                List.of(new Matcher("job", "=", "promo-gateway"), new Matcher("instance", "=~", ".+"))));
    }
}
