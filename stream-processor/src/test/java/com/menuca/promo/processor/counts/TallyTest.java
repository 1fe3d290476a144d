package com.menuca.promo.processor.counts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.menuca.promo.processor.cdc.UsageRow;
import com.menuca.promo.processor.store.InternalJson;
import com.menuca.promo.schemas.derived.MinuteCount;
import com.menuca.promo.schemas.json.JsonSerde;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** One tally's periods, its minute series, and the JSON the store keeps it in. */
class TallyTest {
    private static final ZoneId ZONE = ZoneId.of("America/Toronto");
    private static final Instant NOON = Instant.parse("2026-12-07T17:00:30Z");
    private static final JsonSerde<Tally> SERDE = InternalJson.serde(Tally.class);

    private static UsageRow usage(long id, String discount, String total, Instant usedAt) {
        return new UsageRow(id, 10, 42, 7, id, new BigDecimal(discount), new BigDecimal(total), usedAt);
    }

    private static Tally tallyOf(UsageRow... rows) {
        Tally tally = Tally.EMPTY;
        for (UsageRow row : rows) {
            tally = tally.apply(row, 1, ZONE, NOON);
        }
        return tally;
    }

    @Test
    void shouldCountTheLastHourByMinuteAndLeaveOlderRowsToTheDayAndTotal() {
        Tally tally = tallyOf(usage(1, "1.10", "10.00", NOON.minus(Duration.ofMinutes(75))),
                usage(2, "2.25", "20.50", NOON.minus(Duration.ofMinutes(59))),
                usage(3, "0.05", "3.00", NOON.minus(Duration.ofMinutes(5))),
                usage(4, "1.00", "7.00", NOON.minus(Duration.ofMinutes(5))),
                usage(5, "4.00", "40.00", NOON));

        Figures f = tally.figures(ZONE, NOON);
        assertThat(f.redemptions().total()).isEqualTo(5);
        assertThat(f.redemptions().today()).isEqualTo(5);
        assertThat(f.redemptions().lastHour()).as("the row of 75 minutes ago is not in the last hour").isEqualTo(4);
        assertThat(f.discount().lastHour()).isEqualByComparingTo("7.30");
        assertThat(f.revenue().lastHour()).isEqualByComparingTo("70.50");
        assertThat(f.discount().total()).isEqualByComparingTo("8.40");
        assertThat(tally.byMinute().size()).as("three distinct minutes of the last hour").isEqualTo(3);

        Figures later = tally.figures(ZONE, NOON.plus(Duration.ofMinutes(2)));
        assertThat(later.redemptions().lastHour()).as("the row of 59 minutes ago has left the hour").isEqualTo(3);
    }

    @Test
    void shouldDropMinutesThatLeftTheHourAndMinutesThatCameToNothing() {
        UsageRow old = usage(1, "1.00", "5.00", NOON.minus(Duration.ofMinutes(30)));
        UsageRow recent = usage(2, "2.00", "6.00", NOON.minus(Duration.ofMinutes(1)));
        Tally tally = tallyOf(old, recent);

        Tally deleted = tally.apply(recent, -1, ZONE, NOON);
        assertThat(deleted.byMinute().size()).as("the deleted row's minute is gone").isEqualTo(1);
        assertThat(deleted.figures(ZONE, NOON).discount().lastHour()).isEqualByComparingTo("1.00");

        Instant muchLater = NOON.plus(Duration.ofMinutes(45));
        Tally moved = tally.apply(usage(3, "3.00", "9.00", muchLater), 1, ZONE, muchLater);
        assertThat(moved.byMinute().size()).as("the minute of 75 minutes before is dropped on the next change")
                .isEqualTo(2);
        assertThat(moved.figures(ZONE, muchLater).redemptions().lastHour()).isEqualTo(2);
        assertThat(moved.figures(ZONE, muchLater).redemptions().total()).isEqualTo(3);
    }

    @Test
    void shouldGraphEachMinuteOldestFirstWithZeroWhereNoneFell() {
        Tally tally = tallyOf(usage(1, "1.00", "5.00", NOON.minus(Duration.ofMinutes(2))),
                usage(2, "1.00", "5.00", NOON.minus(Duration.ofMinutes(2))),
                usage(3, "1.00", "5.00", NOON));

        List<MinuteCount> series = tally.perMinute(NOON, 3);
        assertThat(series).extracting(MinuteCount::redemptions).containsExactly(2L, 0L, 1L);
        assertThat(series.get(2).minute()).isEqualTo(Instant.parse("2026-12-07T17:00:00Z"));
    }

    @Test
    void shouldKeepEveryFigureThroughTheStoresJson() {
        Tally tally = tallyOf(usage(1, "1.10", "10.00", NOON.minus(Duration.ofMinutes(75))),
                usage(2, "2.25", "20.50", NOON.minus(Duration.ofMinutes(59))),
                usage(3, "99999999.99", "99999999.99", NOON));

        Tally read = SERDE.deserializer().deserialize("t", SERDE.serializer().serialize("t", tally));

        assertThat(read).isEqualTo(tally);
        assertThat(read.figures(ZONE, NOON)).isEqualTo(tally.figures(ZONE, NOON));
    }

    @Test
    void shouldReadTheMinuteMapThatEarlierVersionsWrote() {
        long minute = NOON.getEpochSecond() / 60;
        String earlier = """
                {"restaurant_id":42,"total":{"n":3,"d":4.35,"r":41.00},"days":{"2026-12-07":{"n":3,"d":4.35,"r":41.00}},
                 "minutes":{"%d":{"n":1,"d":2.25,"r":20.50},"%d":{"n":2,"d":2.10,"r":20.50}}}
                """.formatted(minute - 59, minute);

        Tally read = SERDE.deserializer().deserialize("t", earlier.getBytes(StandardCharsets.UTF_8));

        Tally same = tallyOf(usage(1, "2.25", "20.50", NOON.minus(Duration.ofMinutes(59))),
                usage(2, "1.10", "10.00", NOON), usage(3, "1.00", "10.50", NOON));
        assertThat(read.restaurantId()).isEqualTo(42);
        assertThat(read.byMinute()).isEqualTo(same.byMinute());
        assertThat(read.figures(ZONE, NOON)).isEqualTo(same.figures(ZONE, NOON));
    }

    @Test
    void shouldRefuseAMinuteSeriesWhoseColumnsDisagree() {
        String broken = """
                {"restaurant_id":42,"total":{"n":1,"d":1,"r":1},"days":{},
                 "by_minute":{"from":29433600,"m":[0,1],"n":[1],"d":[100],"r":[100]}}
                """;

        assertThatThrownBy(() -> SERDE.deserializer().deserialize("t", broken.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class);
    }
}
