/**
 * WebSocket clients the benchmarks measure with: a Supabase Realtime client of the gateway and a client
 * of the pg_notify relay. Both note when each {@code coupon_usage_log} row (by {@code order_id})
 * reached them.
 */
package com.menuca.promo.bench.client;
