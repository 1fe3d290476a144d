package com.menuca.promo.bench.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SeenEventIdsTest {
    private static final long WINDOW = SeenEventIds.WINDOW.toNanos();

    @Test
    void shouldTellAnIdReceivedAgainWithinTheWindow() {
        SeenEventIds seen = new SeenEventIds();

        assertThat(seen.add("deal_published/deal/83", 0)).isTrue();
        assertThat(seen.add("deal_expiring/deal/83", 1)).isTrue();
        assertThat(seen.add("deal_published/deal/83", WINDOW - 1)).as("again in the same window").isFalse();
        assertThat(seen.add("deal_published/deal/83", WINDOW + 1)).as("again in the next window").isFalse();
    }

    @Test
    void shouldForgetIdsOlderThanTwoWindowsSoMemoryStaysBounded() {
        SeenEventIds seen = new SeenEventIds();
        for (int i = 0; i < 1_000; i++) {
            seen.add("event-" + i, 0);
        }
        seen.add("later", WINDOW);
        seen.add("later still", 2 * WINDOW);

        assertThat(seen.size()).isEqualTo(2);
        assertThat(seen.add("event-1", 2 * WINDOW + 1)).as("forgotten after two windows").isTrue();
    }
}
