package com.menuca.promo.gateway.cluster;

import com.menuca.promo.gateway.ClientMessageLimits;
import com.menuca.promo.gateway.subscription.ChannelSession;
import com.menuca.promo.schemas.gateway.ClientBroadcast;
import com.menuca.promo.schemas.gateway.PresenceKey;
import com.menuca.promo.schemas.gateway.PresenceRecord;
import java.util.concurrent.CompletableFuture;

/**
 * What the socket side needs of the link with the other gateways: sending broadcasts and presences,
 * and delivering the channel's to a session. {@link ClusterBus} is the implementation; handler tests
 * use a fake. Every method may be called from any thread; futures complete on other threads.
 */
public interface ClusterLink {
    /** This gateway instance's id. */
    String gatewayId();

    ClientMessageLimits limits();

    ClusterMetrics metrics();

    /** A new presence ref ({@code phx_ref}), unique across gateways. */
    String newRef();

    /** Presences on a channel over all gateways, as this gateway last saw them. */
    int presences(String channel);

    /** Shares a client broadcast; completes once Kafka acknowledged it, or with {@link UnavailableException}. */
    CompletableFuture<Void> broadcast(ClientBroadcast broadcast);

    /** Shares this gateway's presence of a socket on a channel (a track); completes once acknowledged. */
    CompletableFuture<Void> track(PresenceKey key, PresenceRecord presence);

    /** Removes it (untrack, leave, disconnect); completes once acknowledged. */
    CompletableFuture<Void> untrack(PresenceKey key);

    /** Delivers the channel's client broadcasts to the session ({@code socket}: its socket's id). */
    void listenBroadcasts(ChannelSession session, String socket);

    /** Sends the session its channel's presence state, then every change. */
    void listenPresence(ChannelSession session);

    /** Stops delivering anything to the session. */
    void forget(ChannelSession session);
}
