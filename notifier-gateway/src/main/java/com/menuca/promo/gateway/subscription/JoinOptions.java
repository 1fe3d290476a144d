package com.menuca.promo.gateway.subscription;

import java.util.Objects;

/**
 * What a join's {@code config} asks for besides postgres_changes, as realtime-js sends it:
 * {@code broadcast: {self, ack}} and {@code presence: {key, enabled}}.
 *
 * @param broadcastSelf   the sender receives its own broadcasts too
 * @param broadcastAck    each broadcast the client sends is answered once it was accepted
 * @param presenceEnabled the client listens to presence (it gets the presence state after the join
 *                        reply, then its changes)
 * @param presenceKey     the key this client's presence is listed under: the one it asked for, else
 *                        the one its token allows; empty until its first track picks one (never null)
 */
public record JoinOptions(boolean broadcastSelf, boolean broadcastAck, boolean presenceEnabled, String presenceKey) {
    /** A join that asked for nothing (most joins): shared, so a session carries no options of its own. */
    public static final JoinOptions NONE = new JoinOptions(false, false, false, "");

    public JoinOptions {
        Objects.requireNonNull(presenceKey, "presenceKey");
    }

    /** These options with the presence key a track picked. */
    public JoinOptions withPresenceKey(String key) {
        return new JoinOptions(broadcastSelf, broadcastAck, presenceEnabled, key);
    }
}
