// The dashboard in a real browser (Debian's headless Chromium driven by playwright-core) against a
// running `promo dev`: a redemption written to PostgreSQL moves the restaurant's counter and feed,
// coupon uses up to its limit raise the limit alert, the counters equal the RPC, the operator view
// shows events flowing, nothing is loaded from any host but the gateway, and the console stays clean.
//
// usage: node dashboard.test.mjs <endpoints.json> <artifacts dir>
// Prints one JSON line per check and exits non-zero on the first failure.
import { chromium } from 'playwright-core';
import pg from 'pg';
import { readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const [endpointsFile, artifacts] = process.argv.slice(2);
const endpoints = JSON.parse(readFileSync(endpointsFile, 'utf8'));
const gateway = new URL(endpoints.http_url);
const RESTAURANT = 3;
const SECONDS = 60; // generous: a cold stack on a loaded 2-core CI machine can take tens of seconds per step
mkdirSync(artifacts, { recursive: true });

const report = (check, detail = {}) => console.log(JSON.stringify({ check, ok: true, ...detail }));
function fail(check, message) {
  console.log(JSON.stringify({ check, ok: false, message }));
  process.exitCode = 1;
  throw new Error(`${check}: ${message}`);
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
try {
  await db.connect();
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('console', (msg) => { if (msg.type() === 'error') consoleErrors.push(msg.text()); });
  page.on('pageerror', (err) => consoleErrors.push(String(err)));
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
      const r = await fetch('/rest/v1/rpc/get_live_deal_performance', { method: 'POST',
        headers: { 'Content-Type': 'application/json', apikey: token, Authorization: `Bearer ${token}` },
        body: JSON.stringify({ p_restaurant_id: id }) });
      return (await r.json()).redemptions;
    }, RESTAURANT);
    if (shown.today === rpc.today && shown.last_hour === rpc.last_hour && shown.total === rpc.total) match = { shown, rpc };
    else await page.waitForTimeout(500);
  }
  if (!match) fail('numbers match the RPC', 'counters never equalled get_live_deal_performance');
  report('numbers match get_live_deal_performance', match);

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

  if (foreignRequests.length) fail('only the gateway is contacted', foreignRequests.join(', '));
  report('only the gateway is contacted');
  if (consoleErrors.length) fail('no console errors', consoleErrors.join(' | '));
  report('no console errors');
} finally {
  await browser.close();
  await db.end().catch(() => {});
}
