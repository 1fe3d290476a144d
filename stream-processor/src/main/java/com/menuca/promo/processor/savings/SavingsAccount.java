package com.menuca.promo.processor.savings;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.menuca.promo.processor.counts.Figures;
import com.menuca.promo.schemas.derived.CustomerSavings;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A customer's running savings, and their latest redemptions. Both move in the same update, so a
 * statement read from one account always agrees with its count: every redemption of a customer with
 * fewer than {@link #LATEST} is listed.
 *
 * @param redemptions    usage rows
 * @param saved          sum of discount_applied
 * @param spent          sum of order_total
 * @param lastRedeemedAt latest used_at of an added row, null before the first
 * @param lines          the latest {@link #LATEST} rows, latest first (a row removed from among them
 *                       leaves one fewer until the next arrives: older rows are not kept)
 */
public record SavingsAccount(
        @JsonProperty("redemptions") long redemptions,
        @JsonProperty("saved") BigDecimal saved,
        @JsonProperty("spent") BigDecimal spent,
        @JsonProperty("last_redeemed_at") Instant lastRedeemedAt,
        @JsonProperty("lines") List<StoredLine> lines) {

    /** How many of a customer's redemptions are kept for their statement. */
    public static final int LATEST = 20;

    public static final SavingsAccount EMPTY = new SavingsAccount(0, BigDecimal.ZERO, BigDecimal.ZERO, null, List.of());

    public SavingsAccount {
        lines = lines == null ? List.of() : List.copyOf(lines);
    }

    public SavingsAccount plus(SavingsDelta delta) {
        Instant last = lastRedeemedAt;
        if (delta.redemptions() > 0 && (last == null || delta.usedAt().isAfter(last))) {
            last = delta.usedAt();
        }
        return new SavingsAccount(redemptions + delta.redemptions(), saved.add(delta.saved()), spent.add(delta.spent()),
                last, delta.redemption() == null ? lines : withLine(StoredLine.of(delta.redemption()), delta.redemptions() > 0));
    }

    private List<StoredLine> withLine(StoredLine row, boolean added) {
        List<StoredLine> rows = new ArrayList<>(lines.size() + 1);
        for (StoredLine kept : lines) {
            if (kept.usageId() != row.usageId()) {
                rows.add(kept);
            }
        }
        if (added) {
            rows.add(row);
            rows.sort(StoredLine.LATEST_FIRST);
        }
        return rows.size() > LATEST ? rows.subList(0, LATEST) : rows;
    }

    /** The latest redemptions, latest first. */
    public List<Redemption> latest(long customerId) {
        return lines.stream().map(line -> line.redemption(customerId)).toList();
    }

    public CustomerSavings published(long customerId, Instant asOf) {
        return new CustomerSavings(customerId, redemptions, Figures.money(saved), Figures.money(spent), lastRedeemedAt,
                asOf);
    }

    /** The savings and the latest redemptions, as of {@code asOf}. */
    public SavingsStatement statement(long customerId, Instant asOf) {
        return new SavingsStatement(published(customerId, asOf), latest(customerId));
    }
}
