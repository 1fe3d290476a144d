package com.menuca.promo.processor.counts;

import static org.assertj.core.api.Assertions.assertThat;

import com.menuca.promo.processor.cdc.UsageRow;
import com.menuca.promo.processor.store.InternalJson;
import com.menuca.promo.schemas.json.Json;
import com.menuca.promo.schemas.json.JsonSerde;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** How the tallies store keeps a tally: its buckets as {@code [n, d, r]}, and tallies stored before as objects still read. */
class TallyStoreFormatTest {
    /** The tallies store's serde. */
    private static final JsonSerde<Tally> STORE = InternalJson.serde(Tally.class);
    private static final Instant NOW = Instant.parse("2026-12-06T12:30:00Z");

    private static Tally tally() {
        Tally tally = Tally.EMPTY;
        for (int i = 0; i < 3; i++) {
            tally = tally.apply(new UsageRow(i, 17, 42, 7, 100 + i, new BigDecimal("1.50"), new BigDecimal("30.05"),
                    NOW.minusSeconds(60L * i)), 1, ZoneOffset.UTC, NOW);
        }
        return tally;
    }

    @Test
    void shouldStoreEveryBucketAsAnArrayOfCountDiscountAndRevenue() throws Exception {
        Tally tally = tally();
        byte[] bytes = STORE.serialize("tallies", tally);
        String stored = new String(bytes, StandardCharsets.UTF_8);
        long minute = NOW.getEpochSecond() / 60;

        // as text: the amounts keep their scale (a tree would read them as doubles)
        assertThat(stored).contains("\"total\":[3,4.50,90.15]", "\"days\":{\"2026-12-06\":[3,4.50,90.15]}",
                "\"" + (minute - 2) + "\":[1,1.50,30.05]", "\"" + minute + "\":[1,1.50,30.05]");
        assertThat(Json.mapper().readTree(bytes).get("minutes")).hasSize(3);
        assertThat(STORE.deserialize("tallies", bytes)).isEqualTo(tally);
    }

    @Test
    void shouldReadATallyStoredWithItsBucketsAsObjects() {
        long minute = NOW.getEpochSecond() / 60;
        String before = "{\"restaurant_id\":42,\"total\":{\"n\":3,\"d\":4.50,\"r\":90.15},"
                + "\"days\":{\"2026-12-06\":{\"n\":3,\"d\":4.50,\"r\":90.15}},"
                + "\"minutes\":{\"" + (minute - 2) + "\":{\"n\":1,\"d\":1.50,\"r\":30.05},\"" + (minute - 1)
                + "\":{\"n\":1,\"d\":1.50,\"r\":30.05},\"" + minute + "\":{\"n\":1,\"d\":1.50,\"r\":30.05}}}";

        Tally read = STORE.deserialize("tallies", before.getBytes(StandardCharsets.UTF_8));

        assertThat(read).isEqualTo(tally());
    }
}
