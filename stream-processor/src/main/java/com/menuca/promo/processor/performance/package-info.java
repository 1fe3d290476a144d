/**
 * Live deal performance per restaurant (the old {@code get_live_deal_performance} numbers and more),
 * computed from the deal and tally stores and published at most once per interval per restaurant.
 */
package com.menuca.promo.processor.performance;
