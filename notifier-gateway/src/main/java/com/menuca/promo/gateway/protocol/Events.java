package com.menuca.promo.gateway.protocol;

/** Event and topic names of the protocol. */
public final class Events {
    public static final String JOIN = "phx_join";
    public static final String LEAVE = "phx_leave";
    public static final String REPLY = "phx_reply";
    public static final String CLOSE = "phx_close";
    public static final String ERROR = "phx_error";
    public static final String HEARTBEAT = "heartbeat";
    public static final String ACCESS_TOKEN = "access_token";
    public static final String BROADCAST = "broadcast";
    public static final String PRESENCE = "presence";
    /** The whole presence state of a channel, sent after the join reply (Phoenix Presence). */
    public static final String PRESENCE_STATE = "presence_state";
    /** Presence joins and leaves since the state (Phoenix Presence). */
    public static final String PRESENCE_DIFF = "presence_diff";
    public static final String POSTGRES_CHANGES = "postgres_changes";
    public static final String SYSTEM = "system";

    /** Topic of socket-level messages (heartbeats). */
    public static final String PHOENIX_TOPIC = "phoenix";
    /** Prefix of every channel topic on the wire. */
    public static final String CHANNEL_PREFIX = "realtime:";

    private Events() {
    }
}
