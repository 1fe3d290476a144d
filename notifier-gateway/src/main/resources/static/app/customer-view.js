// Customer view: new deals at the restaurants a customer follows, "you saved X" the moment their
// coupon is redeemed, and expiry warnings for the coupons they use.
import { Live, devToken } from './live.js';
import { el, fmtClock, fmtCount, fmtLeft, fmtMoney, prepend } from './format.js';

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
        el('div', { class: 'stat' }, el('span', { class: 'label', id: 'saved-detail' }, 'No redemptions yet.'))),
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
        el('h2', {}, 'Your redemptions'),
        el('ul', { class: 'feed', id: 'redemptions' }, el('li', { class: 'empty' }, 'None yet.')))));
}

export async function showCustomer(root, customerId, onConnection) {
  const follows = followed();
  root.replaceChildren(layout(customerId, follows));
  root.querySelector('#customer-pick').addEventListener('change', (e) => {
    if (Number(e.target.value) > 0) location.hash = `#/customer/${e.target.value}`;
  });
  root.querySelector('#follows').addEventListener('change', (e) => {
    const id = Number(e.target.value);
    if (e.target.checked) follows.add(id); else follows.delete(id);
    localStorage.setItem(FOLLOW_KEY, JSON.stringify([...follows]));
  });

  const renew = () => devToken({ role: 'customer', customer: customerId });
  const token = await renew();
  const live = new Live(token, onConnection, renew);

  live.join('deals', (ch) => {
    ch.on('broadcast', { event: 'deal_published' }, ({ payload: e }) => {
      if (!follows.has(e.restaurant_id)) return;
      const d = e.data || {};
      const off = d.discount_percent ? `${Number(d.discount_percent)}% off` : d.discount_amount ? `${fmtMoney(d.discount_amount)} off` : '';
      const ends = d.ends_at ? ` · ${fmtLeft(Date.parse(d.ends_at) - Date.now())}` : '';
      prepend(document.getElementById('deals-feed'), el('li', {}, el('time', { datetime: e.occurred_at }, fmtClock(e.occurred_at)),
        el('span', { class: 'kind kind-published' }, `R${e.restaurant_id}`), el('span', {}, `${d.title}${off ? ` (${off})` : ''}${ends}`)));
    });
  });
  live.join(`customer:${customerId}:savings`, (ch) => {
    ch.on('broadcast', { event: 'customer_savings' }, ({ payload: s }) => {
      document.getElementById('saved').textContent = fmtMoney(s.total_saved);
      document.getElementById('saved-detail').textContent =
        `over ${fmtCount(s.redemptions)} redemption${s.redemptions === 1 ? '' : 's'}${s.last_redeemed_at ? `, last at ${fmtClock(s.last_redeemed_at)}` : ''}`;
    });
  });
  live.join(`customer:${customerId}:coupons`, (ch) => {
    ch.on('broadcast', { event: 'coupon_redeemed' }, ({ payload: e }) => {
      const d = e.data || {};
      prepend(document.getElementById('redemptions'), el('li', {}, el('time', { datetime: e.occurred_at }, fmtClock(e.occurred_at)),
        el('span', { class: 'kind kind-redeemed' }, 'saved'), el('span', {}, `${fmtMoney(d.discount_applied)} with ${d.code} at restaurant ${e.restaurant_id}`)));
    });
    const warn = (icon, kind, text, at) => prepend(document.getElementById('coupon-alerts'),
      el('li', { class: `kind-${kind}` }, el('time', { datetime: at }, fmtClock(at)), el('span', { 'aria-hidden': 'true' }, icon), el('span', {}, text)), 20);
    ch.on('broadcast', { event: 'coupon_expiring' }, ({ payload: e }) =>
      warn('⚠', 'expiring', `Your coupon ${e.data?.code} expires in ${fmtLeft(e.data?.seconds_remaining * 1000).replace(' left', '')}`, e.occurred_at));
    ch.on('broadcast', { event: 'customer_coupon_limit_reached' }, ({ payload: e }) =>
      warn('✖', 'limit', `You have used coupon ${e.data?.code} as often as it allows`, e.occurred_at));
  });

  return () => live.close();
}
