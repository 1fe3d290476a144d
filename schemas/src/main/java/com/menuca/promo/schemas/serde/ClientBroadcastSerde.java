package com.menuca.promo.schemas.serde;

import com.menuca.promo.schemas.gateway.ClientBroadcast;
import com.menuca.promo.schemas.json.JsonSerde;

/** Values of {@code promo.gateway.broadcasts}. */
public final class ClientBroadcastSerde extends JsonSerde<ClientBroadcast> {
    public ClientBroadcastSerde() {
        super(ClientBroadcast.class);
    }
}
