/**
 * Wall-clock events: deal starts, expiring warnings at configured horizons and expiry, for deals and
 * coupons. Each schedule is a timer in an index store ordered by firing time, so a punctuation reads
 * only the timers that are due, never every deal.
 */
package com.menuca.promo.processor.expiry;
