/**
 * Coupon activity: coupons created, redemptions joined with their coupon and deal (waiting for
 * references that arrive late), usage limits reached per coupon and per customer, and the coupon
 * side of expiry timers.
 */
package com.menuca.promo.processor.coupon;
