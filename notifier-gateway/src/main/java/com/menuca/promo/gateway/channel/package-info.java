/**
 * Channel names: the broadcast channel families of the architecture's channel map
 * ({@code deals}, {@code restaurant:{id}:deals}, {@code customer:{id}:coupons}...), the old
 * pg_notify names accepted as aliases, and the routing of derived events to channels.
 */
package com.menuca.promo.gateway.channel;
