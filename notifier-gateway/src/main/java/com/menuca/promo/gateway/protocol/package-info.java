/**
 * The Supabase Realtime (Phoenix channels) wire protocol: the two serializers ({@code vsn=1.0.0} JSON
 * objects, {@code vsn=2.0.0} JSON arrays plus binary broadcast frames of kind 3 and 4), the event
 * names and the reply shapes. Pure encoding and decoding: no sockets, no state.
 */
package com.menuca.promo.gateway.protocol;
