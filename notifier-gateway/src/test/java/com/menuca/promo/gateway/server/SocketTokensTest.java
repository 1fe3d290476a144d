package com.menuca.promo.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.menuca.promo.gateway.auth.AuthException;
import com.menuca.promo.gateway.auth.DevTokens;
import com.menuca.promo.gateway.auth.Principal;
import com.menuca.promo.gateway.auth.TokenVerifier;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A socket's joins and refreshes with one token verify it once; anything else is verified as before. */
class SocketTokensTest {
    private final TokenVerifier verifier = new TokenVerifier(DevTokens.DEV_SECRET);
    private final SocketTokens tokens = new SocketTokens();
    private final String restaurant7 = DevTokens.mint(DevTokens.DEV_SECRET, "restaurant_staff", List.of(7L), null,
            Duration.ofMinutes(5));

    @Test
    void shouldVerifyTheSameTokenOnceWhileItLasts() throws AuthException {
        Instant now = Instant.now();
        Principal first = tokens.verify(restaurant7, verifier, now);

        assertThat(tokens.verify(restaurant7, verifier, now.plusSeconds(60))).as("not parsed and verified again")
                .isSameAs(first);
        assertThat(first.claimValues("restaurant_ids")).containsExactly(7L);
    }

    @Test
    void shouldVerifyAnotherTokenAndThenRememberThatOne() throws AuthException {
        Instant now = Instant.now();
        Principal restaurant = tokens.verify(restaurant7, verifier, now);
        String customer = DevTokens.mint(DevTokens.DEV_SECRET, "customer", List.of(), 42L, Duration.ofMinutes(5));

        Principal other = tokens.verify(customer, verifier, now);

        assertThat(other).isNotSameAs(restaurant);
        assertThat(other.role()).isEqualTo("customer");
        assertThat(tokens.verify(customer, verifier, now)).isSameAs(other);
        assertThat(tokens.verify(restaurant7, verifier, now)).as("verified again: only the last token is kept")
                .isNotSameAs(restaurant).isEqualTo(restaurant);
    }

    @Test
    void shouldVerifyAgainOnceTheRememberedTokenExpired() throws AuthException {
        Principal first = tokens.verify(restaurant7, verifier, Instant.now());

        Principal later = tokens.verify(restaurant7, verifier, first.expiresAt().plusSeconds(1));

        assertThat(later).as("verified again (the verifier's own clock still accepts it)").isNotSameAs(first);
    }

    @Test
    void shouldRefuseWhatTheVerifierRefusesAndRememberNothingOfIt() throws AuthException {
        Instant now = Instant.now();
        Principal valid = tokens.verify(restaurant7, verifier, now);
        String forged = DevTokens.mint("another-secret-another-secret-another-secret", "service_role", List.of(), null,
                Duration.ofMinutes(5));

        assertThatThrownBy(() -> tokens.verify(forged, verifier, now)).isInstanceOf(AuthException.class);
        assertThatThrownBy(() -> tokens.verify(forged, verifier, now)).as("refused every time")
                .isInstanceOf(AuthException.class);
        assertThat(tokens.verify(restaurant7, verifier, now)).isSameAs(valid);
    }
}
