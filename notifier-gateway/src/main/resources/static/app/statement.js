// A customer's statement: their savings and their latest redemptions, kept in agreement.
//
// At load both come from one read of the stream processor (get_customer_redemptions), where they live
// in the same state value. Then the live channels move them: customer_savings replaces the savings
// when it is newer (as_of), coupon_redeemed adds a line on top (once: lines are keyed by usage id). A
// count that goes down means a redemption was removed (a refund): the page reads the statement again.

/** How many lines the processor keeps per customer, and the page shows. */
export const LATEST = 20;

const newestFirst = (a, b) => (Date.parse(b.used_at) - Date.parse(a.used_at)) || (b.usage_id - a.usage_id);

export class Statement {
  constructor() {
    this.savings = null;
    this.lines = new Map(); // usage id → line
  }

  /** The savings (a customer_savings value, or a statement's fields); false when older than what is shown. */
  applySavings(savings) {
    if (this.savings && Date.parse(savings.as_of) < Date.parse(this.savings.as_of)) return false;
    const fewer = this.savings && savings.redemptions < this.savings.redemptions;
    this.savings = savings;
    return fewer ? 'reload' : true;
  }

  /**
   * A get_customer_redemptions answer: its savings unless newer ones arrived live, and its lines plus
   * those that arrived live since the channels joined (the read may predate them).
   * @param {boolean} fresh  a re-read after a removal: lines not in it are dropped
   */
  applyStatement(answer, fresh = false) {
    const { latest = [], ...savings } = answer;
    if (!this.savings || Date.parse(savings.as_of) >= Date.parse(this.savings.as_of)) this.savings = savings;
    if (fresh) this.lines.clear();
    for (const line of latest) this.lines.set(line.usage_id, line);
    return true;
  }

  /** A coupon_redeemed event of the customer's channel. */
  addRedeemed(event) {
    const d = event.data || {};
    if (d.usage_id === undefined || this.lines.has(d.usage_id)) return false;
    this.lines.set(d.usage_id, { usage_id: d.usage_id, restaurant_id: event.restaurant_id, coupon_id: event.coupon_id,
      deal_id: event.deal_id, order_id: d.order_id, code: d.code, deal_title: d.deal_title,
      discount_applied: d.discount_applied, order_total: d.order_total, used_at: d.used_at || event.occurred_at });
    return true;
  }

  /** The lines to show, latest first. */
  latest() {
    return [...this.lines.values()].sort(newestFirst).slice(0, LATEST);
  }
}
