package com.menuca.promo.schemas.gateway;

import com.menuca.promo.schemas.Topic;
import com.menuca.promo.schemas.serde.BroadcastKeySerde;
import com.menuca.promo.schemas.serde.ClientBroadcastSerde;
import com.menuca.promo.schemas.serde.PresenceKeySerde;
import com.menuca.promo.schemas.serde.PresenceRecordSerde;
import java.util.List;

/** The topics gateway instances share, with their key and value serdes. */
public final class GatewayTopics {
    /** Compacted: every client's presence on every channel, and every gateway's heartbeat. */
    public static final Topic<PresenceKey, PresenceRecord> PRESENCE = new Topic<>("promo.gateway.presence",
            new PresenceKeySerde(), new PresenceRecordSerde());
    /** Broadcasts clients send, keyed by channel; kept briefly (they are not replayed). */
    public static final Topic<BroadcastKey, ClientBroadcast> BROADCASTS = new Topic<>("promo.gateway.broadcasts",
            new BroadcastKeySerde(), new ClientBroadcastSerde());

    private GatewayTopics() {
    }

    public static List<Topic<?, ?>> all() {
        return List.of(PRESENCE, BROADCASTS);
    }
}
