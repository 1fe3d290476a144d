/**
 * The derived-event contract: what the stream processor writes to the {@code promo.*} topics.
 *
 * <p>Business events share one envelope ({@link com.menuca.promo.schemas.derived.DerivedEvent});
 * the type-specific payload of each event type is a record in {@code derived.data}. The compacted
 * topics carry self-contained latest-wins values ({@link com.menuca.promo.schemas.derived.RedemptionCounts},
 * {@link com.menuca.promo.schemas.derived.DealPerformance}, {@link com.menuca.promo.schemas.derived.CustomerSavings});
 * records the processor cannot handle go to the dead-letter topic as a
 * {@link com.menuca.promo.schemas.derived.DeadLetter}. Topic names and serdes are in
 * {@link com.menuca.promo.schemas.derived.DerivedTopics}.
 */
package com.menuca.promo.schemas.derived;
