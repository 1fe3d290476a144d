// The dashboard in a real browser (Debian's headless Chromium driven by playwright-core) against a
// running `promo dev`: a redemption written to PostgreSQL moves the restaurant's counter and feed,
// coupon uses up to its limit raise the limit alert, the counters equal the RPC, the operator view
// shows events flowing, the connection badge follows the view on screen through switches, a stopped
// and restarted stack and a frozen one, nothing is loaded from any host but the gateway, and the
// console stays clean.
//
// usage: node dashboard.test.mjs <endpoints.json> <artifacts dir>
// Prints one JSON line per check and exits non-zero on the first failure. To stop, restart, freeze and
// thaw the stack it prints a line {"control": "stop"|"start"|"freeze"|"thaw"} and waits for one JSON
// line on stdin ({"ok": true, ...}) from whoever runs it (DashboardBrowserIT does).
import { chromium } from 'playwright-core';
import pg from 'pg';
import { readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const [endpointsFile, artifacts] = process.argv.slice(2);
const endpoints = JSON.parse(readFileSync(endpointsFile, 'utf8'));
const gateway = new URL(endpoints.http_url);
const RESTAURANT = 3;
const SECONDS = 60; // generous: a cold stack on a loaded 2-core CI machine can take tens of seconds per step
const SWITCH_SECONDS = 5; // a view switch on a running stack: a token, a socket and a few joins
mkdirSync(artifacts, { recursive: true });

const report = (check, detail = {}) => console.log(JSON.stringify({ check, ok: true, ...detail }));
function fail(check, message) {
  console.log(JSON.stringify({ check, ok: false, message }));
  process.exitCode = 1;
  throw new Error(`${check}: ${message}`);
}

const stdin = createInterface({ input: process.stdin });
const answers = stdin[Symbol.asyncIterator]();
/** Asks the runner to act on the stack; resolves with its answer. */
async function control(action) {
  console.log(JSON.stringify({ control: action }));
  const { value, done } = await answers.next();
  const answer = done ? { ok: false, message: 'stdin closed' } : JSON.parse(value);
  if (!answer.ok) fail(`control ${action}`, answer.message || 'refused');
  return answer;
}

const jdbc = new URL(endpoints.postgres_jdbc_url.replace(/^jdbc:/, ''));
const db = new pg.Client({ host: jdbc.hostname, port: Number(jdbc.port), database: jdbc.pathname.slice(1),
  user: endpoints.postgres_user, password: endpoints.postgres_password });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-quic'],
});
const consoleErrors = [];
const foreignRequests = [];
/** Every WebSocket the page opened: when it was created and when it closed. */
const sockets = [];
/** While the stack is deliberately down, the browser logs its failed reconnects: those are expected. */
let outage = false;
const EXPECTED_IN_OUTAGE = /^WebSocket connection to .* failed/;
try {
  await db.connect();
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !(outage && EXPECTED_IN_OUTAGE.test(msg.text()))) consoleErrors.push(msg.text());
  });
  page.on('pageerror', (err) => consoleErrors.push(String(err)));
  page.on('websocket', (ws) => {
    const socket = { url: ws.url(), created: Date.now(), closed: null };
    socket.whenClosed = new Promise((resolve) => ws.on('close', () => { socket.closed = Date.now(); resolve(); }));
    sockets.push(socket);
  });
  // Every state the badge shows, with the time it showed it (one entry per change of the badge); and
  // the page's WebSockets, each recorded as closed once the page has handled its close event.
  await page.addInitScript(() => {
    window.badgeLog = [];
    window.openSockets = new Set();
    window.closedSockets = new Map();
    let sequence = 0;
    const Native = window.WebSocket;
    window.WebSocket = class extends Native {
      constructor(...args) {
        super(...args);
        const id = ++sequence;
        window.openSockets.add(id);
        this.addEventListener('close', () => setTimeout(() => {
          window.openSockets.delete(id);
          window.closedSockets.set(id, Date.now());
        }, 0));
      }
    };
    document.addEventListener('DOMContentLoaded', () => {
      const badge = document.getElementById('connection');
      const log = () => window.badgeLog.push({ t: Date.now(), state: badge.dataset.state, text: badge.querySelector('.conn-text').textContent });
      new MutationObserver(log).observe(badge, { attributes: true, childList: true, subtree: true, characterData: true });
      log();
    });
  });
  const badgeLog = () => page.evaluate(() => window.badgeLog);
  const history = (log, since) => log.filter((e) => e.t >= since).map((e) => `${e.t - since} ms ${e.state} "${e.text}"`).join(', ');
  /** Waits until the badge shows `state` (and text starting with `text`) at or after `since`; returns that entry. */
  const badgeShows = (state, text, since, ms) => page.waitForFunction(([state, text, since]) =>
    window.badgeLog.find((e) => e.t >= since && e.state === state && e.text.startsWith(text)), [state, text, since], { timeout: ms })
    .then((handle) => handle.jsonValue());
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (!['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol)) return;
    if (url.host !== gateway.host) foreignRequests.push(request.url());
  });

  await page.goto(`${gateway.origin}/#/restaurant/${RESTAURANT}`);
  await page.waitForSelector('#connection[data-state="connected"]', { timeout: SECONDS * 1000 });
  const readCount = async (id) => Number((await page.textContent(`#stat-${id}`)).replace(/[^\d]/g, '') || 0);
  await page.waitForFunction(() => /\d/.test(document.querySelector('#stat-total').textContent), null, { timeout: SECONDS * 1000 });
  report('restaurant view loaded', { total: await readCount('total') });

  // One redemption over SQL: the counter ticks and the feed shows it.
  const coupon = (await db.query(`
    INSERT INTO menuca_v3.promotional_coupons (restaurant_id, code, discount_type, discount_value, usage_limit)
    VALUES ($1, 'BROWSER' || (floor(random() * 1e9))::bigint, 'amount', 4.50, 3) RETURNING id, code`, [RESTAURANT])).rows[0];
  const before = await readCount('today');
  await db.query(`INSERT INTO menuca_v3.coupon_usage_log (coupon_id, restaurant_id, customer_id, order_id, discount_applied, order_total)
    VALUES ($1, $2, 4242, 990001, 4.50, 31.00)`, [coupon.id, RESTAURANT]);
  await page.waitForFunction((code) => document.querySelector('#feed').textContent.includes(code), coupon.code, { timeout: SECONDS * 1000 })
    .catch(() => fail('feed shows the redemption', `coupon ${coupon.code} not in the activity feed within ${SECONDS} s`));
  await page.waitForFunction((n) => Number(document.querySelector('#stat-today').textContent.replace(/[^\d]/g, '')) > n, before, { timeout: SECONDS * 1000 })
    .catch(() => fail('counter ticks', `today stayed at ${before}`));
  // The per-minute graph has the redemption in its current minute (from the same aggregate).
  await page.waitForFunction(() => {
    const bars = [...document.querySelectorAll('#per-minute rect.bar')];
    return bars.length === 30 && Number(bars.at(-1).getAttribute('height')) > 0;
  }, null, { timeout: SECONDS * 1000 }).catch(() => fail('per-minute graph', 'no bar for the current minute'));
  report('redemption reaches counter and feed', { coupon: coupon.code, today_before: before, today_after: await readCount('today') });

  // Two more uses reach the coupon's limit of 3: the alert appears.
  for (const order of [990002, 990003]) {
    await db.query(`INSERT INTO menuca_v3.coupon_usage_log (coupon_id, restaurant_id, customer_id, order_id, discount_applied, order_total)
      VALUES ($1, $2, 4243, $3, 4.50, 28.00)`, [coupon.id, RESTAURANT, order]);
  }
  await page.waitForFunction((code) => [...document.querySelectorAll('#alerts li')].some((li) => li.textContent.includes(code) && li.textContent.includes('limit')),
    coupon.code, { timeout: SECONDS * 1000 })
    .catch(() => fail('limit alert', `no limit alert for ${coupon.code} within ${SECONDS} s`));
  report('coupon limit alert shown', { coupon: coupon.code });
  await page.screenshot({ path: join(artifacts, 'restaurant-view.png'), fullPage: true });

  // The counters equal the RPC the dashboards used to poll (retrying while new redemptions land).
  let match = null;
  for (let i = 0; i < 20 && !match; i++) {
    const shown = { today: await readCount('today'), last_hour: await readCount('last-hour'), total: await readCount('total') };
    const rpc = await page.evaluate(async (id) => {
      const token = (await (await fetch(`/dev/token?role=restaurant_staff&restaurant=${id}`)).json()).access_token;
      const r = await fetch('/rest/v1/rpc/get_live_restaurant_performance', { method: 'POST',
        headers: { 'Content-Type': 'application/json', apikey: token, Authorization: `Bearer ${token}` },
        body: JSON.stringify({ p_restaurant_id: id }) });
      return (await r.json()).redemptions;
    }, RESTAURANT);
    if (shown.today === rpc.today && shown.last_hour === rpc.last_hour && shown.total === rpc.total) match = { shown, rpc };
    else await page.waitForTimeout(500);
  }
  if (!match) fail('numbers match the RPC', 'counters never equalled get_live_restaurant_performance');
  report('numbers match get_live_restaurant_performance', match);

  // Presence: a customer looking at one of the restaurant's live deals (another tab running realtime-js,
  // track({deal_id})) shows on the restaurant's view as watching that deal; closing the tab takes it away.
  const watchedDeal = Number((await db.query(`INSERT INTO menuca_v3.promotional_deals (restaurant_id, title, deal_type,
    discount_percent, starts_at, ends_at, is_active, status) VALUES ($1, 'Watched ' || (floor(random() * 1e6))::bigint,
    'percent', 10, now(), now() + interval '2 days', true, 'active') RETURNING id`, [RESTAURANT])).rows[0].id);
  const watchingText = (deal) => page.evaluate((id) => document.querySelector(`#ticker li[data-deal="${id}"] .watching`)?.textContent, deal);
  await page.waitForFunction((id) => /0 watching/.test(document.querySelector(`#ticker li[data-deal="${id}"] .watching`)?.textContent || ''),
    watchedDeal, { timeout: SECONDS * 1000 }).catch(() => fail('deal watchers', `live deal ${watchedDeal} not listed with 0 watching`));
  const shopper = await browser.newPage();
  shopper.on('pageerror', (err) => consoleErrors.push(`shopper: ${err}`));
  await shopper.goto(`${gateway.origin}/vendor/realtime-js.mjs`);
  const tracked = await shopper.evaluate(async ([restaurant, deal]) => {
    const { RealtimeClient } = await import('/vendor/realtime-js.mjs');
    const token = (await (await fetch('/dev/token?role=customer&customer=17')).json()).access_token;
    const client = new RealtimeClient(`ws://${location.host}/realtime/v1`, { params: { apikey: token }, vsn: '2.0.0' });
    client.setAuth(token);
    const channel = client.channel(`restaurant:${restaurant}:deals`);
    await new Promise((resolve, reject) => channel.subscribe((status, err) => {
      if (status === 'SUBSCRIBED') resolve();
      else if (status !== 'CLOSED') reject(new Error(`${status} ${err?.message}`));
    }));
    return channel.track({ deal_id: deal });
  }, [RESTAURANT, watchedDeal]);
  if (tracked !== 'ok') fail('deal watchers', `track() resolved ${tracked}`);
  await page.waitForFunction((id) => /\b1 watching/.test(document.querySelector(`#ticker li[data-deal="${id}"] .watching`)?.textContent || ''),
    watchedDeal, { timeout: SECONDS * 1000 }).catch(async () => fail('deal watchers', `deal ${watchedDeal} shows "${await watchingText(watchedDeal)}" after a customer tracked it`));
  const watchingNow = await readCount('watching');
  if (watchingNow < 1) fail('deal watchers', `customers watching now shows ${watchingNow}`);
  await shopper.close();
  await page.waitForFunction((id) => /\b0 watching/.test(document.querySelector(`#ticker li[data-deal="${id}"] .watching`)?.textContent || ''),
    watchedDeal, { timeout: SECONDS * 1000 }).catch(async () => fail('deal watchers', `deal ${watchedDeal} still shows "${await watchingText(watchedDeal)}" after the customer's tab closed`));
  report('restaurant view shows who watches each deal', { deal: watchedDeal, watching_now_while_tracked: watchingNow });

  // A phone-sized screen still shows the counter.
  await page.setViewportSize({ width: 390, height: 844 });
  if (!(await page.isVisible('#stat-today'))) fail('phone layout', 'counter not visible at 390 px');
  await page.screenshot({ path: join(artifacts, 'restaurant-view-phone.png'), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  report('phone-sized layout');

  // Operator view: events are flowing through the stages (the simulator writes continuously).
  await page.goto(`${gateway.origin}/#/ops`);
  const rate = (stage) => `Number(document.querySelector('tr[data-stage="${stage}"] .rate')?.textContent) > 0`;
  await page.waitForFunction(`${rate('capture')} && ${rate('processor-in')} && ${rate('processor-events')} && ${rate('gateway-in')}`, null, { timeout: SECONDS * 1000 })
    .catch(() => fail('operator view', 'events/s stayed at zero for the capture, the processor or the gateway'));
  const shown = async (stage) => Number(await page.textContent(`tr[data-stage="${stage}"] .rate`));
  report('operator view shows events/s', { capture: await shown('capture'), processor_in: await shown('processor-in'),
    processor_events: await shown('processor-events'),
    gateway_in: await shown('gateway-in') });
  await page.screenshot({ path: join(artifacts, 'operator-view.png'), fullPage: true });

  // Customer view renders and connects.
  await page.goto(`${gateway.origin}/#/customer/17`);
  await page.waitForSelector('#connection[data-state="connected"]', { timeout: SECONDS * 1000 });
  await page.screenshot({ path: join(artifacts, 'customer-view.png'), fullPage: true });
  report('customer view connected');

  // "Your redemptions" of a customer with fewer than 20: at load, the list holds exactly the customer's
  // redemptions (SQL's, latest first) and as many as the savings count; a new one arrives on top.
  const customerCheck = 'customer\'s redemptions agree with the savings count';
  const someone = (await db.query(`SELECT customer_id FROM menuca_v3.coupon_usage_log GROUP BY customer_id
    HAVING count(*) BETWEEN 2 AND 12 ORDER BY count(*) DESC, customer_id LIMIT 1`)).rows[0];
  if (!someone) fail(customerCheck, 'no customer with 2 to 12 redemptions in the demo data');
  const customerId = Number(someone.customer_id);
  const inSql = async () => (await db.query(`SELECT id FROM menuca_v3.coupon_usage_log WHERE customer_id = $1
    ORDER BY used_at DESC, id DESC`, [customerId])).rows.map((r) => Number(r.id));
  const shownStatement = () => page.evaluate(() => ({
    count: Number(document.querySelector('#saved-detail').dataset.redemptions),
    listed: [...document.querySelectorAll('#redemptions li[data-usage]')].map((li) => Number(li.dataset.usage)),
  }));
  const agreeing = async (check, expectTop) => {
    let last = null;
    for (let i = 0; i < SECONDS * 2; i++) {
      const [shown, ids] = [await shownStatement(), await inSql()];
      last = { shown, sql: ids };
      if (ids.length >= 20) fail(check, `customer ${customerId} reached ${ids.length} redemptions meanwhile`);
      if (shown.count === shown.listed.length && JSON.stringify(shown.listed) === JSON.stringify(ids)
        && (expectTop === undefined || ids[0] === expectTop)) return { count: shown.count, listed: shown.listed.length };
      await page.waitForTimeout(500);
    }
    return fail(check, `list and count never agreed with SQL: ${JSON.stringify(last)}`);
  };
  await page.goto(`${gateway.origin}/#/customer/${customerId}`);
  const atLoad = await agreeing(customerCheck);
  const unlimited = (await db.query(`INSERT INTO menuca_v3.promotional_coupons (restaurant_id, code, discount_type, discount_value)
    VALUES ($1, 'STATEMENT' || (floor(random() * 1e9))::bigint, 'amount', 4.50) RETURNING id`, [RESTAURANT])).rows[0];
  const redeemed = (await db.query(`INSERT INTO menuca_v3.coupon_usage_log (coupon_id, restaurant_id, customer_id, order_id,
    discount_applied, order_total) VALUES ($1, $2, $3, 990100, 4.50, 31.00) RETURNING id`, [unlimited.id, RESTAURANT, customerId])).rows[0];
  const afterLive = await agreeing(customerCheck, Number(redeemed.id));
  // The RPC behind it answers the customer's own token only (asked from outside the page: the browser
  // logs every refused request as a console error).
  const rpcStatus = async (token) => (await fetch(`${gateway.origin}/rest/v1/rpc/get_customer_redemptions`, {
    method: 'POST', body: JSON.stringify({ p_customer_id: customerId }),
    headers: { 'Content-Type': 'application/json', ...(token ? { apikey: token, Authorization: `Bearer ${token}` } : {}) },
  })).status;
  const devToken = async (query) => (await (await fetch(`${gateway.origin}/dev/token?${query}`)).json()).access_token;
  const statuses = {
    own: await rpcStatus(await devToken(`role=customer&customer=${customerId}`)),
    other_customer: await rpcStatus(await devToken(`role=customer&customer=${customerId + 1}`)),
    staff: await rpcStatus(await devToken(`role=restaurant_staff&restaurant=${RESTAURANT}`)),
    no_token: await rpcStatus(null),
  };
  if (statuses.own !== 200 || statuses.other_customer !== 403 || statuses.staff !== 403 || statuses.no_token !== 401) {
    fail(customerCheck, `get_customer_redemptions answered ${JSON.stringify(statuses)}`);
  }
  await page.screenshot({ path: join(artifacts, 'customer-redemptions.png'), fullPage: true });
  report(customerCheck, { customer: customerId, at_load: atLoad, after_a_live_one: afterLive, rpc: statuses });

  // View switches: the badge speaks for the view on screen. After each switch it says "live" within a
  // few seconds, and still does once the previous view's socket has closed (that close used to turn it
  // to "reconnecting…" for good while the new view was receiving).
  const heartbeatMs = await page.evaluate(() => import('/app/live.js').then((m) => m.HEARTBEAT_MS));
  const switches = [
    { nav: 'restaurant', title: 'Restaurant 1' },
    { nav: 'customer', title: 'Customer 1' },
    { hash: '#/customer/7', title: 'Customer 7' },
    { nav: 'ops', title: 'Pipeline health', text: "reading the pipeline's metrics" },
    { hash: `#/restaurant/${RESTAURANT}`, title: `Restaurant ${RESTAURANT}` },
    { pick: '5', title: 'Restaurant 5' },
    { nav: 'customer', title: 'Customer 1' },
    { hash: `#/restaurant/${RESTAURANT}`, title: `Restaurant ${RESTAURANT}` },
  ];
  const switchTimes = [];
  for (const step of switches) {
    const check = `badge live after switching to ${step.title}`;
    const before = await page.evaluate(() => [...window.openSockets]);
    const since = Date.now();
    if (step.nav) await page.click(`nav a[data-view="${step.nav}"]`);
    else if (step.pick) await page.selectOption('#restaurant-pick', step.pick);
    else await page.evaluate((hash) => { location.hash = hash; }, step.hash);
    // A socket view passes through "connecting…" on its way to "live"; the operator view reads the
    // pipeline's metrics through the gateway (/ops/v1/metrics, with promo dev's demo operator token).
    const live = await page.waitForFunction(([since, text, title]) => {
      if (document.querySelector('#view h2.sr-only')?.textContent !== title) return null;
      const log = window.badgeLog.filter((e) => e.t >= since);
      const from = text === 'live' ? log.findIndex((e) => e.state !== 'connected') : 0;
      const reached = from < 0 ? -1 : log.findIndex((e, i) => i >= from && e.state === 'connected' && e.text.startsWith(text));
      return reached >= 0 && document.getElementById('connection').dataset.state === 'connected' ? log[reached] : null;
    }, [since, step.text || 'live', step.title], { timeout: SWITCH_SECONDS * 1000 })
      .then((handle) => handle.jsonValue())
      .catch(async () => fail(check, `not live within ${SWITCH_SECONDS} s; badge: ${history(await badgeLog(), since)}`));
    await page.waitForFunction((ids) => ids.every((id) => !window.openSockets.has(id)), before, { timeout: SECONDS * 1000 })
      .catch(() => fail(check, 'the previous view\'s socket never closed'));
    const after = (await badgeLog()).filter((e) => e.t >= live.t);
    if (after.some((e) => e.state !== 'connected')) {
      fail(check, `the badge left "live" once the previous view's socket closed: ${history(after, since)}`);
    }
    switchTimes.push(live.t - since);
  }
  report('badge live after each view switch', { switches: switches.length, ms_to_live: switchTimes });

  // The stack stops: the page's socket closes and the badge says so within the heartbeat interval,
  // never "live" while it is down, then "resuming…" and "live" again once the stack is back.
  await db.end(); // PostgreSQL stops with the stack
  const waitLive = (since, ms) => badgeShows('connected', 'live', since, ms);
  await waitLive(0, SECONDS * 1000);
  const liveSockets = await page.evaluate(() => [...window.openSockets]);
  const stopAsked = Date.now();
  outage = true;
  const stopped = await control('stop');
  const closedAt = await page.waitForFunction((ids) => ids.every((id) => window.closedSockets.has(id))
    && Math.max(...ids.map((id) => window.closedSockets.get(id))), liveSockets, { timeout: heartbeatMs }).then((h) => h.jsonValue())
    .catch(() => fail('badge follows a stopped stack', 'the page\'s socket was still open after the stack stopped'));
  const down = await badgeShows('reconnecting', 'reconnecting', stopAsked, heartbeatMs)
    .catch(async () => fail('badge follows a stopped stack', `no "reconnecting…" within ${heartbeatMs} ms; badge: ${history(await badgeLog(), stopAsked)}`));
  const noticedMs = down.t - Math.min(closedAt, stopped.exited_at);
  if (noticedMs > heartbeatMs) fail('badge follows a stopped stack', `"reconnecting…" ${noticedMs} ms after the socket closed`);
  const startAsked = Date.now();
  const whileDown = (await badgeLog()).filter((e) => e.t >= down.t && e.t <= startAsked);
  if (whileDown.some((e) => e.state !== 'reconnecting')) {
    fail('badge follows a stopped stack', `the badge left "reconnecting…" while the stack was down: ${history(whileDown, stopAsked)}`);
  }
  await control('start');
  const back = await waitLive(startAsked, SECONDS * 2 * 1000)
    .catch(async () => fail('badge follows a stopped stack', `not live again; badge: ${history(await badgeLog(), startAsked)}`));
  outage = false;
  const comeback = (await badgeLog()).filter((e) => e.t >= startAsked && e.t <= back.t);
  if (!comeback.some((e) => e.state === 'resuming')) {
    fail('badge follows a stopped stack', `no "resuming…" before "live": ${history(comeback, startAsked)}`);
  }
  report('badge follows a stopped and restarted stack', { socket_closed_to_reconnecting_ms: noticedMs,
    down_s: Math.round((startAsked - stopAsked) / 1000), start_to_live_s: Math.round((back.t - startAsked) / 1000),
    badge: comeback.map((e) => e.text) });

  // The stack freezes (SIGSTOP: its sockets stay open but nothing answers): only heartbeats can tell.
  // realtime-js sends one every interval and gives up on it after another, so within two intervals.
  outage = true;
  const frozen = await control('freeze');
  const silent = await badgeShows('reconnecting', 'reconnecting', frozen.at, 2 * heartbeatMs + 2000)
    .catch(async () => { await control('thaw'); fail('badge follows a frozen stack', `no "reconnecting…" within two heartbeat intervals; badge: ${history(await badgeLog(), frozen.at)}`); });
  const thawAsked = Date.now();
  await control('thaw');
  const thawed = await waitLive(thawAsked, SECONDS * 1000)
    .catch(async () => fail('badge follows a frozen stack', `not live again after the thaw; badge: ${history(await badgeLog(), thawAsked)}`));
  outage = false;
  report('badge follows a frozen stack', { frozen_to_reconnecting_ms: silent.t - frozen.at, heartbeat_ms: heartbeatMs,
    thaw_to_live_s: Math.round((thawed.t - thawAsked) / 1000) });

  if (foreignRequests.length) fail('only the gateway is contacted', foreignRequests.join(', '));
  report('only the gateway is contacted');
  if (consoleErrors.length) fail('no console errors', consoleErrors.join(' | '));
  report('no console errors');
} finally {
  stdin.close(); // nothing more to ask: let the process end
  await browser.close();
  await db.end().catch(() => {});
}
