/**
 * What the gateway instances share through Kafka: clients' presence on channels (with each gateway's
 * heartbeat, so the presences of a gateway that died leave within its timeout) and the broadcasts
 * clients send. {@link com.menuca.promo.gateway.cluster.ClusterBus} is the link (one consumer thread
 * over both gateway topics, one producer); {@link com.menuca.promo.gateway.cluster.PresenceBook} the
 * presence state every gateway keeps; the rest route what arrives to this gateway's sockets.
 */
package com.menuca.promo.gateway.cluster;
