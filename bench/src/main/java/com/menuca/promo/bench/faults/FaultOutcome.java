package com.menuca.promo.bench.faults;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What one fault check found.
 *
 * @param committed        rows the table holds for the check (the truth, read back from PostgreSQL)
 * @param missing          committed rows never seen in the change topic
 * @param duplicates       deliveries beyond the first (at-least-once: allowed, counted)
 * @param recoveredSeconds from the restart of the failed part until every row committed before the
 *                         restart, and the first committed after it, were in Kafka
 * @param failedWrites     transactions the load generator saw fail (PostgreSQL down): not committed, not expected
 * @param detail           check-specific observations (slot lag seen while the capture was stopped...)
 * @param clients          what the resuming WebSocket clients saw, when the check had clients (else null)
 * @param derivedClients   what the resuming clients of the derived broadcast channel saw (with {@code clients}, else null)
 * @param countsClients    what the resuming clients of the latest-wins counts channel ended on (with {@code clients}, else null)
 * @param derived          what the stream processor derived for the check's coupon
 * @param queried          what the processors' interactive query of the coupon answered
 */
public record FaultOutcome(FaultCheck check, long committed, long missing, long duplicates, double recoveredSeconds,
                           double downSeconds, long failedWrites, Map<String, Object> detail, ClientTally clients,
                           ClientTally derivedClients, LatestWins countsClients, Derived derived, Queried queried) {

    /**
     * The processor's view of the check's coupon, read_committed.
     *
     * @param redeemedEvents    distinct {@code coupon_redeemed} event ids
     * @param duplicateEventIds events delivered again under an id already seen
     * @param countedTotal      the latest {@code redemptions.total} on promo.redemption-counts
     */
    public record Derived(long redeemedEvents, long duplicateEventIds, long countedTotal) {
        boolean equals(long committed) {
            return redeemedEvents == committed && countedTotal == committed && duplicateEventIds == 0;
        }
    }

    /**
     * Where resuming clients of a latest-wins channel ({@code restaurant:{id}:counts}) ended: the check's
     * coupon's {@code redemptions.total} each held last, which must be the SQL count however the client
     * got there (a latest-wins channel may skip values, never end on a stale one).
     *
     * @param clients     clients subscribed
     * @param resumed     clients that lost their gateway and rejoined on the other one
     * @param finalTotals the coupon's total each client held last, -1 for none
     */
    public record LatestWins(int clients, int resumed, List<Long> finalTotals) {
        boolean equals(long committed) {
            return finalTotals.size() == clients && finalTotals.stream().allMatch(total -> total == committed);
        }
    }

    /**
     * The coupon's counts as each stream processor instance answered {@code GET /coupons/{id}/counts}
     * (routed to the instance holding the coupon when it is not the one asked), after recovery.
     *
     * @param running processor instances running when they were asked
     * @param killed  instances the check killed and restarted
     * @param totals  {@code redemptions.total} answered by each instance, -1 for no answer
     */
    public record Queried(int running, int killed, List<Long> totals) {
        boolean equals(long committed) {
            return running == totals.size() && totals.stream().allMatch(total -> total == committed);
        }
    }

    /**
     * What resuming gateway clients received, summed over them.
     *
     * @param resumed    clients that lost their gateway and rejoined (on the other one) from their last position
     * @param missing    changes of committed rows (insert, update) a client never received; for clients of the
     *                   derived channel: coupon_redeemed events (by event id) of committed rows never received
     * @param duplicates changes a client received twice
     * @param outOfOrder rows whose update reached a client before their insert (0 for the derived channel)
     */
    public record ClientTally(int clients, int resumed, long missing, long duplicates, long outOfOrder) {
    }

    /**
     * Nothing committed is missing from Kafka; the derived events and counts equal the table, with no
     * event id twice, and so do the counts every processor answers; clients (if any) got every change
     * and every coupon_redeemed exactly once, in order.
     */
    public boolean lostNothing() {
        return missing == 0 && derived.equals(committed) && queried.equals(committed) && exact(clients)
                && exact(derivedClients) && (countsClients == null || countsClients.equals(committed));
    }

    private static boolean exact(ClientTally tally) {
        return tally == null || tally.missing() == 0 && tally.duplicates() == 0 && tally.outOfOrder() == 0;
    }

    /** One line per check, e.g. {@code kill -9 capture: missing 0, duplicates 12, recovered in 4.2 s}. */
    public String summary() {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "%s: missing %d, duplicates %d, recovered in %.1f s (down %.1f s; %,d rows committed",
                check.label(), missing, duplicates, recoveredSeconds, downSeconds, committed));
        if (failedWrites > 0) {
            line.append(String.format(Locale.ROOT, ", %,d writes refused while down", failedWrites));
        }
        line.append(')');
        line.append(String.format(Locale.ROOT, "; derived: %,d coupon_redeemed events, %d duplicate ids, counted total %,d%s",
                derived.redeemedEvents(), derived.duplicateEventIds(), derived.countedTotal(),
                derived.equals(committed) ? " = SQL" : " != SQL " + committed));
        line.append(String.format(Locale.ROOT, "; %d processors running%s, coupon counts queried on each: %s%s",
                queried.running(), queried.killed() > 0 ? " (" + queried.killed() + " killed and restarted)" : "",
                queried.totals().stream().map(total -> String.format(Locale.ROOT, "%,d", total))
                        .collect(Collectors.joining(" / ")), queried.equals(committed) ? " = SQL" : " != SQL " + committed));
        if (clients != null) {
            line.append(String.format(Locale.ROOT, "; %d clients (%d resumed on the other gateway): missing %d, "
                    + "duplicates %d, out of order %d", clients.clients(), clients.resumed(), clients.missing(),
                    clients.duplicates(), clients.outOfOrder()));
        }
        if (derivedClients != null) {
            line.append(String.format(Locale.ROOT, "; %d coupon_redeemed broadcast clients (%d resumed on the other "
                    + "gateway): missing %d, duplicates %d", derivedClients.clients(), derivedClients.resumed(),
                    derivedClients.missing(), derivedClients.duplicates()));
        }
        if (countsClients != null) {
            line.append(String.format(Locale.ROOT, "; %d counts clients (latest wins; %d resumed on the other gateway): "
                    + "final coupon totals %s%s", countsClients.clients(), countsClients.resumed(),
                    countsClients.finalTotals().stream().map(total -> String.format(Locale.ROOT, "%,d", total))
                            .collect(Collectors.joining(" / ")), countsClients.equals(committed) ? " = SQL" : " != SQL " + committed));
        }
        detail.forEach((key, value) -> line.append("; ").append(key.replace('_', ' ')).append(' ').append(value));
        return line.toString();
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("check", check.label());
        json.put("committed", committed);
        json.put("missing", missing);
        json.put("duplicates", duplicates);
        json.put("recovered_s", Math.round(recoveredSeconds * 100) / 100.0);
        json.put("down_s", Math.round(downSeconds * 100) / 100.0);
        json.put("failed_writes", failedWrites);
        json.putAll(detail);
        json.put("derived", Map.of("coupon_redeemed_events", derived.redeemedEvents(), "duplicate_event_ids",
                derived.duplicateEventIds(), "counted_total", derived.countedTotal(), "equals_sql", derived.equals(committed)));
        json.put("processors", Map.of("running", queried.running(), "killed", queried.killed(),
                "queried_totals", queried.totals(), "equals_sql", queried.equals(committed)));
        if (clients != null) {
            json.put("clients", clientsJson(clients));
        }
        if (derivedClients != null) {
            json.put("derived_clients", clientsJson(derivedClients));
        }
        if (countsClients != null) {
            json.put("counts_clients", Map.of("clients", countsClients.clients(), "resumed", countsClients.resumed(),
                    "final_totals", countsClients.finalTotals(), "equals_sql", countsClients.equals(committed)));
        }
        return json;
    }

    private static Map<String, Object> clientsJson(ClientTally tally) {
        return Map.of("clients", tally.clients(), "resumed", tally.resumed(), "missing", tally.missing(),
                "duplicates", tally.duplicates(), "out_of_order", tally.outOfOrder());
    }
}
