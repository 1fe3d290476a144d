/**
 * Redemption counts per coupon, deal and restaurant: totals, today in the restaurant's zone and the
 * last hour, kept as tallies that usage inserts add to and deletes subtract from.
 */
package com.menuca.promo.processor.counts;
