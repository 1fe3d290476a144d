/**
 * Gap-free resume: the position token every delivered event carries (compact, opaque to clients),
 * and the replay of what a rejoining client missed, read from Kafka before it goes live.
 */
package com.menuca.promo.gateway.resume;
