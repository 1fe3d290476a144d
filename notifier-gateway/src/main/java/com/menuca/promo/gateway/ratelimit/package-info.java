/** Rate and connection limits: token buckets per socket, open-connection counts per IP and per token. */
package com.menuca.promo.gateway.ratelimit;
