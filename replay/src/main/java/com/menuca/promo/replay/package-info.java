/**
 * Replays the history of catalogue topics for analysts ({@code promo replay}): a range given by time
 * (timestamp-to-offset lookups per partition) or offset, each event in it exactly once and in partition
 * order, filtered by restaurant, table or event type, written as JSON lines or CSV with progress on the side.
 */
package com.menuca.promo.replay;
