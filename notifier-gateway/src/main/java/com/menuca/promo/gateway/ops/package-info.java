/**
 * The operator view's metrics, gathered by the gateway: its own registry and the {@code /metrics} of
 * the services configured in {@code gateway.ops.targets}, fetched server-side for callers whose token
 * may read them, so a browser never reaches an ops port.
 */
package com.menuca.promo.gateway.ops;
