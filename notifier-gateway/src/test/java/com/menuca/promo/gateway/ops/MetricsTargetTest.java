package com.menuca.promo.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class MetricsTargetTest {

    @Test
    void shouldReadNamedUrlsSeparatedByCommas() {
        assertThat(MetricsTarget.parseList(" capture=http://capture:8081/metrics , processor-0=https://processor-0.processor:8082/metrics"))
                .containsExactly(new MetricsTarget("capture", URI.create("http://capture:8081/metrics")),
                        new MetricsTarget("processor-0", URI.create("https://processor-0.processor:8082/metrics")));
        assertThat(MetricsTarget.parseList("")).isEmpty();
        assertThat(MetricsTarget.parseList(null)).isEmpty();
    }

    @Test
    void shouldRefuseWhatCannotBeATargetSayingWhich() {
        assertThatThrownBy(() -> MetricsTarget.parseList("http://capture:8081/metrics"))
                .hasMessage("'http://capture:8081/metrics' is not name=url (e.g. capture=http://capture:8081/metrics)");
        assertThatThrownBy(() -> MetricsTarget.parseList("a=http://x:1/metrics,a=http://y:1/metrics"))
                .hasMessage("target name 'a' is used twice");
        assertThatThrownBy(() -> MetricsTarget.parseList("gateway=http://x:1/metrics"))
                .hasMessageContaining("the gateway's own metrics go by it");
        assertThatThrownBy(() -> MetricsTarget.parseList("a=file:///etc/passwd"))
                .hasMessage("URL of target 'a' must be http(s)://host:port/metrics, got 'file:///etc/passwd'");
        assertThatThrownBy(() -> MetricsTarget.parseList("a b=http://x:1/metrics"))
                .hasMessageContaining("target name 'a b' must be");
    }
}
