package com.menuca.promo.gateway.resume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The resume position token: compact, round-trips, signed, and refuses what no gateway issued. */
class PositionTest {
    private final PositionKey key = new PositionKey("a-resume-key-of-at-least-32-bytes-long");

    @Test
    void roundTripsAndStaysCompact() throws Exception {
        long[][] offsets = new long[10][];
        offsets[4] = new long[] {0, 1_234, 9_999_999};
        offsets[6] = new long[] {17, 0, 5};
        offsets[1] = new long[] {3, 3, 3};
        String token = Position.encode(key, (1L << 4) | (1L << 6), offsets);
        assertThat(token).matches("[A-Za-z0-9_-]+").hasSizeLessThan(56);
        Position position = Position.decode(key, token);
        assertThat(position.offsets()).containsOnlyKeys(4, 6);
        assertThat(position.offsets().get(4)).containsExactly(0, 1_234, 9_999_999);
        assertThat(position.offsets().get(6)).containsExactly(17, 0, 5);
        assertThat(new Position(Map.of(4, new long[] {0, 1_234, 9_999_999}, 6, new long[] {17, 0, 5})).encode(key))
                .isEqualTo(token);
    }

    @Test
    void refusesTokensNoGatewayIssued() {
        assertThatThrownBy(() -> Position.decode(key, "not base64!")).isInstanceOf(InvalidPositionException.class)
                .hasMessageContaining("not one this gateway issued");
        String token = Position.encode(key, 1L << 4, new long[][] {null, null, null, null, {1, 2, 3}});
        assertThatThrownBy(() -> Position.decode(key, token.substring(0, token.length() - 4)))
                .hasMessageContaining("bad signature");
        assertThatThrownBy(() -> Position.decode(key, token + "AAAA")).hasMessageContaining("bad signature");
        assertThatThrownBy(() -> Position.decode(new PositionKey("another-key-of-at-least-32-bytes-long"), token))
                .as("another key").hasMessageContaining("bad signature");
    }

    @Test
    void refusesAPositionMovedBackToOffsetZero() {
        String token = Position.encode(key, 1L << 4, new long[][] {null, null, null, null, {500, 600, 700}});
        byte[] signed = Base64.getUrlDecoder().decode(token);
        // the body is: format 1, 1 topic, code 4, 3 partitions, then the offsets as varints
        byte[] forged = signed.clone();
        forged[4] = 0;
        assertThatThrownBy(() -> Position.decode(key, Base64.getUrlEncoder().withoutPadding().encodeToString(forged)))
                .hasMessageContaining("bad signature");
        // an unsigned body in the old format is refused too
        String unsigned = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[] {1, 1, 4, 3, 0, 0, 0});
        assertThatThrownBy(() -> Position.decode(key, unsigned)).isInstanceOf(InvalidPositionException.class);
    }
}
