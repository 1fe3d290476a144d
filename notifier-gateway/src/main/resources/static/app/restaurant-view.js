// Restaurant view: what a restaurant's dashboard shows, live. The counters, deals and top deals come
// from the same aggregate the get_live_restaurant_performance RPC returns (restaurant:{id}:performance);
// the activity feed and alerts from the restaurant's event channels.
import { Live, devToken, livePerformance } from './live.js';
import { drawPerMinute, lastMinutes } from './chart.js';
import { el, fmtClock, fmtCount, fmtLeft, fmtMoney, prepend } from './format.js';

const RESTAURANTS = 24;

function layout(restaurantId) {
  const options = [];
  for (let id = 1; id <= RESTAURANTS; id++) {
    options.push(el('option', { value: id, ...(id === restaurantId ? { selected: '' } : {}) }, `Restaurant ${id}`));
  }
  return el('section', { 'aria-labelledby': 'restaurant-title' },
    el('h2', { id: 'restaurant-title', class: 'sr-only' }, `Restaurant ${restaurantId}`),
    el('div', { class: 'toolbar' },
      el('label', {}, 'Restaurant', el('select', { id: 'restaurant-pick' }, ...options))),
    el('div', { class: 'grid' },
      el('div', { class: 'panel span-7' },
        el('h2', {}, 'Redemptions'),
        el('div', { class: 'stats', id: 'counter' },
          stat('today', 'today'), stat('last-hour', 'last hour'), stat('total', 'total')),
        el('div', { class: 'stats', style: 'margin-top:10px' },
          stat('discount-today', 'discount given today'), stat('revenue-today', 'revenue today'),
          stat('active-deals', 'active deals'), stat('watching', 'customers watching now'))),
      el('div', { class: 'panel span-5' },
        el('h2', {}, 'Alerts'),
        el('ul', { class: 'alerts', id: 'alerts', 'aria-live': 'polite' }, el('li', { class: 'empty' }, 'No alerts yet.'))),
      el('div', { class: 'panel span-7 chart' },
        el('h2', {}, 'Redemptions per minute, last 30 minutes'),
        el('div', { id: 'per-minute' })),
      el('div', { class: 'panel span-5' },
        el('h2', {}, 'Active deals'),
        el('ul', { class: 'ticker', id: 'ticker' }, el('li', { class: 'empty' }, 'Loading…'))),
      el('div', { class: 'panel span-7' },
        el('h2', {}, 'Recent activity'),
        el('ul', { class: 'feed', id: 'feed', 'aria-live': 'polite' }, el('li', { class: 'empty' }, 'Waiting for activity…'))),
      el('div', { class: 'panel span-5' },
        el('h2', {}, 'Top deals'),
        el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, 'Deal'), el('th', { class: 'num' }, 'Today'),
          el('th', { class: 'num' }, 'Total'), el('th', { class: 'num' }, 'Discount'))),
          el('tbody', { id: 'top-deals' })))));
}

/**
 * How many customers watch each deal right now, from the presence state of restaurant:{id}:deals:
 * customers track `{deal_id}` there under their customer id (one key per customer, one meta per tab).
 * @returns {{perDeal: Map<number, number>, customers: number}}
 */
export function watchers(state) {
  const perDeal = new Map();
  let customers = 0;
  for (const metas of Object.values(state || {})) {
    customers++;
    const deals = new Set(metas.map((meta) => Number(meta.deal_id)).filter((id) => Number.isInteger(id)));
    for (const deal of deals) perDeal.set(deal, (perDeal.get(deal) || 0) + 1);
  }
  return { perDeal, customers };
}

function stat(id, label) {
  return el('div', { class: 'stat' }, el('span', { class: 'value', id: `stat-${id}` }, '–'), el('span', { class: 'label' }, label));
}

/**
 * Shows a restaurant in `root` until `signal` aborts (the next view started).
 * @param {(state: {state: string, text: string}) => void} report  the connection badge
 */
export async function showRestaurant(root, restaurantId, report, signal) {
  const section = layout(restaurantId);
  const byId = (id) => section.querySelector(`#${id}`);
  const setText = (id, text) => { byId(id).textContent = text; };
  root.replaceChildren(section);
  byId('restaurant-pick').addEventListener('change', (e) => {
    location.hash = `#/restaurant/${e.target.value}`;
  });

  const perMinute = new Map();
  let deals = [];
  let watching = { perDeal: new Map(), customers: 0 };
  let hasSeries = false;

  const renderPerformance = (perf) => {
    if (!perf) return;
    setText('stat-today', fmtCount(perf.redemptions?.today));
    setText('stat-last-hour', fmtCount(perf.redemptions?.last_hour));
    setText('stat-total', fmtCount(perf.redemptions?.total));
    setText('stat-discount-today', fmtMoney(perf.discount_given?.today));
    setText('stat-revenue-today', fmtMoney(perf.revenue?.today));
    setText('stat-active-deals', fmtCount(perf.active_deals));
    deals = (perf.deals || []).filter((d) => d.live);
    renderTicker();
    renderTopDeals(perf.top_deals || []);
    if (Array.isArray(perf.redemptions_per_minute)) {
      hasSeries = true;
      perMinute.clear();
      for (const bucket of perf.redemptions_per_minute) {
        perMinute.set(Math.floor(Date.parse(bucket.minute) / 60000), bucket.redemptions);
      }
    }
    renderChart();
  };

  const renderTicker = () => {
    const list = byId('ticker');
    if (deals.length === 0) {
      list.replaceChildren(el('li', { class: 'empty' }, 'No live deals.'));
      return;
    }
    const now = Date.now();
    list.replaceChildren(...[...deals]
      .sort((a, b) => Date.parse(a.ends_at || '9999-12-31') - Date.parse(b.ends_at || '9999-12-31'))
      .map((deal) => {
        const left = deal.ends_at ? Date.parse(deal.ends_at) - now : Infinity;
        const eyes = watching.perDeal.get(Number(deal.deal_id)) || 0;
        return el('li', { dataset: { deal: deal.deal_id } }, el('span', {}, deal.title),
          el('span', { class: 'watching', title: 'customers looking at this deal right now' },
            `👁 ${fmtCount(eyes)} watching`),
          el('span', { class: `timeleft${left < 3600000 ? ' soon' : ''}` },
            left === Infinity ? 'no end date' : `${left < 3600000 ? '⚠ ' : ''}${fmtLeft(left)}`));
      }));
  };

  const renderTopDeals = (top) => {
    const body = byId('top-deals');
    body.replaceChildren(...(top.length ? top.map((d) => el('tr', {},
      el('td', {}, d.title), el('td', { class: 'num' }, fmtCount(d.redemptions?.today)),
      el('td', { class: 'num' }, fmtCount(d.redemptions?.total)), el('td', { class: 'num' }, fmtMoney(d.discount_given?.total))))
      : [el('tr', {}, el('td', { colspan: 4, class: 'empty' }, 'No redemptions yet.'))]));
  };

  const renderChart = () => drawPerMinute(byId('per-minute'), lastMinutes(perMinute));

  const feed = (kind, cssKind, text, at) => {
    prepend(byId('feed'), el('li', {}, el('time', { datetime: at }, fmtClock(at)), el('span', { class: `kind kind-${cssKind}` }, kind), el('span', {}, text)));
  };
  const alert = (icon, cssKind, text, at) => {
    prepend(byId('alerts'), el('li', { class: `kind-${cssKind}` }, el('time', { datetime: at }, fmtClock(at)), el('span', { 'aria-hidden': 'true' }, icon), el('span', {}, text)), 20);
  };

  const renew = () => devToken({ role: 'restaurant_staff', restaurant: restaurantId });
  const token = await renew();
  if (signal.aborted) return;
  const live = new Live(token, report, renew);
  const ticking = setInterval(() => { renderTicker(); renderChart(); }, 15000);
  signal.addEventListener('abort', () => {
    clearInterval(ticking);
    live.close();
  }, { once: true });

  try {
    const initial = await livePerformance(token, restaurantId);
    if (signal.aborted) return;
    if (initial) renderPerformance(initial);
    else byId('ticker').replaceChildren(el('li', { class: 'empty' }, 'No live figures yet: waiting for the stream processor.'));
  } catch (e) {
    console.warn(e.message);
  }
  renderChart();

  live.join(`restaurant:${restaurantId}:performance`, (ch) => {
    ch.on('broadcast', { event: 'deal_performance' }, (msg) => renderPerformance(msg.payload));
  });
  live.join(`restaurant:${restaurantId}:redemptions`, (ch) => {
    ch.on('broadcast', { event: 'coupon_redeemed' }, ({ payload: e }) => {
      const d = e.data || {};
      feed('redeemed', 'redeemed', `${d.code} saved ${fmtMoney(d.discount_applied)} on a ${fmtMoney(d.order_total)} order${d.deal_title ? ` (${d.deal_title})` : ''}`, e.occurred_at);
      if (!hasSeries) {
        const minute = Math.floor(Date.parse(e.occurred_at) / 60000);
        perMinute.set(minute, (perMinute.get(minute) || 0) + 1);
        renderChart();
      }
    });
  });
  live.join(`restaurant:${restaurantId}:deals`, (ch) => {
    // who is looking at the restaurant's deals right now, on any gateway (presence)
    ch.on('presence', { event: 'sync' }, () => {
      watching = watchers(ch.presenceState());
      setText('stat-watching', fmtCount(watching.customers));
      renderTicker();
    });
    ch.on('broadcast', { event: 'deal_published' }, ({ payload: e }) =>
      feed('published', 'published', `Deal live: ${e.data?.title}`, e.occurred_at));
    ch.on('broadcast', { event: 'deal_status_changed' }, ({ payload: e }) =>
      feed('status', 'status', `${e.data?.title}: ${e.data?.old?.status} → ${e.data?.new?.status}`, e.occurred_at));
    ch.on('broadcast', { event: 'deal_expiring' }, ({ payload: e }) =>
      alert('⚠', 'expiring', `Deal "${e.data?.title}" ends in ${fmtLeft(e.data?.seconds_remaining * 1000).replace(' left', '')}`, e.occurred_at));
    ch.on('broadcast', { event: 'deal_expired' }, ({ payload: e }) =>
      alert('✖', 'expired', `Deal "${e.data?.title}" has ended`, e.occurred_at));
  });
  live.join(`restaurant:${restaurantId}:coupons`, (ch) => {
    ch.on('broadcast', { event: 'coupon_created' }, ({ payload: e }) =>
      feed('new coupon', 'published', `Coupon ${e.data?.code} created`, e.occurred_at));
    ch.on('broadcast', { event: 'coupon_limit_reached' }, ({ payload: e }) =>
      alert('✖', 'limit', `Coupon ${e.data?.code} reached its limit of ${e.data?.usage_limit} uses`, e.occurred_at));
    ch.on('broadcast', { event: 'coupon_expiring' }, ({ payload: e }) =>
      alert('⚠', 'expiring', `Coupon ${e.data?.code} expires in ${fmtLeft(e.data?.seconds_remaining * 1000).replace(' left', '')}`, e.occurred_at));
    ch.on('broadcast', { event: 'coupon_expired' }, ({ payload: e }) =>
      alert('✖', 'expired', `Coupon ${e.data?.code} has expired`, e.occurred_at));
  });
}
