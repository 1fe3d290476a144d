package com.menuca.promo.gateway.server;

/** WebSocket close codes the gateway uses; every close carries a reason text as well. */
public final class CloseCodes {
    /** The client sent a frame that is not a protocol message (1007: invalid frame payload data). */
    public static final int INVALID_FRAME = 1007;
    /** The client broke a limit on what it sends (1008: policy violation). */
    public static final int POLICY_VIOLATION = 1008;
    /** The client sent a message larger than the gateway accepts (1009: message too big). */
    public static final int MESSAGE_TOO_BIG = 1009;
    /** Nothing received within the heartbeat timeout. */
    public static final int HEARTBEAT_TIMEOUT = 4000;
    /** The socket's send queue passed its bound: the client reads too slowly. It may reconnect and resume. */
    public static final int TOO_SLOW = 4008;
    /** The gateway is shutting down. */
    public static final int GOING_AWAY = 1001;

    private CloseCodes() {
    }
}
