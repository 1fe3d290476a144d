/**
 * The contract between gateway instances: the presence of clients on channels with each gateway's
 * heartbeat ({@code promo.gateway.presence}, compacted) and the broadcasts clients send
 * ({@code promo.gateway.broadcasts}). Every gateway writes what its own sockets do and reads what all
 * of them do, so presence and broadcasts reach clients on any instance behind a load balancer. Topic
 * names and serdes are in {@link com.menuca.promo.schemas.gateway.GatewayTopics}.
 */
package com.menuca.promo.schemas.gateway;
