// Customer view: new deals at the restaurants a customer follows, "you saved X" and their latest
// redemptions (at load and the moment a coupon is redeemed), and expiry warnings for their coupons.
import { Live, customerRedemptions, devToken } from './live.js';
import { Statement } from './statement.js';
import { el, fmtClock, fmtCount, fmtLeft, fmtMoney, fmtWhen, prepend } from './format.js';

const RESTAURANTS = 24;
const FOLLOW_KEY = 'promo.followed';

function followed() {
  try {
    const saved = JSON.parse(localStorage.getItem(FOLLOW_KEY));
    if (Array.isArray(saved)) return new Set(saved);
  } catch (e) {
    // a damaged preference just falls back to the default
  }
  return new Set([1, 2, 3, 4, 5, 6]);
}

function layout(customerId, follows) {
  const chips = [];
  for (let id = 1; id <= RESTAURANTS; id++) {
    chips.push(el('label', {}, el('input', { type: 'checkbox', value: id, ...(follows.has(id) ? { checked: '' } : {}) }), `R${id}`));
  }
  return el('section', { 'aria-labelledby': 'customer-title' },
    el('h2', { id: 'customer-title', class: 'sr-only' }, `Customer ${customerId}`),
    el('div', { class: 'toolbar' },
      el('label', {}, 'Customer id', el('input', { id: 'customer-pick', type: 'number', min: 1, value: customerId, inputmode: 'numeric' }))),
    el('div', { class: 'grid' },
      el('div', { class: 'panel span-5' },
        el('h2', {}, 'You saved'),
        el('div', { class: 'saved', id: 'saved', 'aria-live': 'polite' }, '–'),
        el('div', { class: 'stat' }, el('span', { class: 'label', id: 'saved-detail' }, 'Loading…'))),
      el('div', { class: 'panel span-7' },
        el('h2', {}, 'Your coupons: warnings'),
        el('ul', { class: 'alerts', id: 'coupon-alerts', 'aria-live': 'polite' }, el('li', { class: 'empty' }, 'No warnings.'))),
      el('div', { class: 'panel span-12' },
        el('h2', {}, 'Restaurants you follow'),
        el('div', { class: 'chips', id: 'follows' }, ...chips)),
      el('div', { class: 'panel span-7' },
        el('h2', {}, 'New deals near you'),
        el('ul', { class: 'feed', id: 'deals-feed', 'aria-live': 'polite' }, el('li', { class: 'empty' }, 'Waiting for new deals…'))),
      el('div', { class: 'panel span-5' },
        el('h2', {}, 'Your redemptions ', el('span', { class: 'label', id: 'redemptions-note' })),
        el('ul', { class: 'feed', id: 'redemptions', 'aria-live': 'polite' }, el('li', { class: 'empty' }, 'Loading…')))));
}

/**
 * Shows a customer in `root` until `signal` aborts (the next view started).
 * @param {(state: {state: string, text: string}) => void} report  the connection badge
 */
export async function showCustomer(root, customerId, report, signal) {
  const follows = followed();
  const section = layout(customerId, follows);
  const byId = (id) => section.querySelector(`#${id}`);
  root.replaceChildren(section);
  byId('customer-pick').addEventListener('change', (e) => {
    if (Number(e.target.value) > 0) location.hash = `#/customer/${e.target.value}`;
  });
  byId('follows').addEventListener('change', (e) => {
    const id = Number(e.target.value);
    if (e.target.checked) follows.add(id); else follows.delete(id);
    localStorage.setItem(FOLLOW_KEY, JSON.stringify([...follows]));
  });

  const renew = () => devToken({ role: 'customer', customer: customerId });
  const token = await renew();
  if (signal.aborted) return;
  const live = new Live(token, report, renew);
  signal.addEventListener('abort', () => live.close(), { once: true });

  live.join('deals', (ch) => {
    ch.on('broadcast', { event: 'deal_published' }, ({ payload: e }) => {
      if (!follows.has(e.restaurant_id)) return;
      const d = e.data || {};
      const off = d.discount_percent ? `${Number(d.discount_percent)}% off` : d.discount_amount ? `${fmtMoney(d.discount_amount)} off` : '';
      const ends = d.ends_at ? ` · ${fmtLeft(Date.parse(d.ends_at) - Date.now())}` : '';
      prepend(byId('deals-feed'), el('li', {}, el('time', { datetime: e.occurred_at }, fmtClock(e.occurred_at)),
        el('span', { class: 'kind kind-published' }, `R${e.restaurant_id}`), el('span', {}, `${d.title}${off ? ` (${off})` : ''}${ends}`)));
    });
  });
  // The statement: read once the channels are joined (so nothing redeemed meanwhile is missed), then
  // moved by them; the count and the list come from the same state, so they agree.
  const statement = new Statement();
  let loaded = false;
  const render = () => {
    const s = statement.savings;
    if (!s) return;
    const lines = statement.latest();
    byId('saved').textContent = fmtMoney(s.total_saved);
    byId('saved-detail').textContent = s.redemptions > 0
      ? `over ${fmtCount(s.redemptions)} redemption${s.redemptions === 1 ? '' : 's'}${s.last_redeemed_at ? ` (latest: ${fmtWhen(s.last_redeemed_at)})` : ''}`
      : 'No redemptions yet.';
    byId('saved-detail').dataset.redemptions = s.redemptions;
    byId('redemptions-note').textContent = s.redemptions > lines.length ? `(latest ${lines.length} of ${fmtCount(s.redemptions)})` : '';
    byId('redemptions').replaceChildren(...(lines.length ? lines.map((line) => el('li', { dataset: { usage: line.usage_id } },
      el('time', { datetime: line.used_at }, fmtWhen(line.used_at)), el('span', { class: 'kind kind-redeemed' }, 'saved'),
      el('span', {}, `${fmtMoney(line.discount_applied)} with ${line.code} at restaurant ${line.restaurant_id}`
        + `${line.deal_title ? ` (${line.deal_title})` : ''}`)))
      : [el('li', { class: 'empty' }, 'None yet.')]));
  };
  const load = async (fresh) => {
    try {
      const answer = await customerRedemptions(token, customerId);
      if (signal.aborted) return;
      if (!answer) throw new Error('this gateway does not serve get_customer_redemptions');
      statement.applyStatement(answer, fresh);
      loaded = true;
      render();
    } catch (e) {
      if (signal.aborted) return;
      console.warn(e.message);
      byId('redemptions').replaceChildren(el('li', { class: 'empty' }, `Could not load your redemptions (${e.message}).`));
    }
  };
  let joined = 0;
  const whenJoined = (status) => {
    if (status === 'SUBSCRIBED' && ++joined === 2) load(false);
  };

  live.join(`customer:${customerId}:savings`, (ch) => {
    ch.on('broadcast', { event: 'customer_savings' }, ({ payload: s }) => {
      const applied = statement.applySavings(s);
      if (applied === 'reload') load(true);
      if (applied && loaded) render();
    });
  }, whenJoined);
  live.join(`customer:${customerId}:coupons`, (ch) => {
    ch.on('broadcast', { event: 'coupon_redeemed' }, ({ payload: e }) => {
      if (statement.addRedeemed(e) && loaded) render();
    });
    const warn = (icon, kind, text, at) => prepend(byId('coupon-alerts'),
      el('li', { class: `kind-${kind}` }, el('time', { datetime: at }, fmtClock(at)), el('span', { 'aria-hidden': 'true' }, icon), el('span', {}, text)), 20);
    ch.on('broadcast', { event: 'coupon_expiring' }, ({ payload: e }) =>
      warn('⚠', 'expiring', `Your coupon ${e.data?.code} expires in ${fmtLeft(e.data?.seconds_remaining * 1000).replace(' left', '')}`, e.occurred_at));
    ch.on('broadcast', { event: 'customer_coupon_limit_reached' }, ({ payload: e }) =>
      warn('✖', 'limit', `You have used coupon ${e.data?.code} as often as it allows`, e.occurred_at));
  }, whenJoined);
}
