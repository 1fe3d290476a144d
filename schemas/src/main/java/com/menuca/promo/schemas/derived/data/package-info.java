/**
 * The {@code data} payload of each derived event type, one record per type. Money is an exact
 * decimal string ({@code "4.50"}), times are ISO-8601 UTC, durations ISO-8601 ({@code "PT1H"}).
 */
package com.menuca.promo.schemas.derived.data;
