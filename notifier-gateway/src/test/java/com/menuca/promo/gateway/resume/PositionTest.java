package com.menuca.promo.gateway.resume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The resume position token: compact, round-trips, and refuses what it did not issue. */
class PositionTest {

    @Test
    void roundTripsAndStaysCompact() throws Exception {
        long[][] offsets = new long[10][];
        offsets[4] = new long[] {0, 1_234, 9_999_999};
        offsets[6] = new long[] {17, 0, 5};
        offsets[1] = new long[] {3, 3, 3};
        String token = Position.encode((1L << 4) | (1L << 6), offsets);
        assertThat(token).matches("[A-Za-z0-9_-]+").hasSizeLessThan(32);
        Position position = Position.decode(token);
        assertThat(position.offsets()).containsOnlyKeys(4, 6);
        assertThat(position.offsets().get(4)).containsExactly(0, 1_234, 9_999_999);
        assertThat(position.offsets().get(6)).containsExactly(17, 0, 5);
        assertThat(new Position(Map.of(4, new long[] {0, 1_234, 9_999_999}, 6, new long[] {17, 0, 5})).encode()).isEqualTo(token);
    }

    @Test
    void refusesTokensItDidNotIssue() {
        assertThatThrownBy(() -> Position.decode("not base64!")).isInstanceOf(InvalidPositionException.class)
                .hasMessageContaining("not one this gateway issued");
        assertThatThrownBy(() -> Position.decode("Ag")).hasMessageContaining("unknown format version");
        String token = Position.encode(1L << 4, new long[][] {null, null, null, null, {1, 2, 3}});
        assertThatThrownBy(() -> Position.decode(token.substring(0, token.length() - 2))).hasMessageContaining("truncated");
        assertThatThrownBy(() -> Position.decode(token + "AA")).hasMessageContaining("trailing bytes");
    }
}
