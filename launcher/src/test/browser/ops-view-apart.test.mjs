// The dashboard's operator view in a real browser (Debian's headless Chromium driven by playwright-core)
// against `promo gateway` run apart from `promo capture` and `promo process` (ServicesApartIT starts them):
// the gateway serves no demo tokens, so the view asks for an operator token; with it, the view lists the
// three services as up (the gateway reads the others' metrics server-side) and shows events per second
// at every stage, while the browser contacts nothing but the gateway.
//
// usage: node ops-view-apart.test.mjs <gateway url> <operator token> <artifacts dir>
// Prints one JSON line per check and exits non-zero on the first failure.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const [gatewayUrl, token, artifacts] = process.argv.slice(2);
const gateway = new URL(gatewayUrl);
const SECONDS = 90; // generous: three services and a browser on a loaded 2-core machine
mkdirSync(artifacts, { recursive: true });

const report = (check, detail = {}) => console.log(JSON.stringify({ check, ok: true, ...detail }));
function fail(check, message) {
  console.log(JSON.stringify({ check, ok: false, message }));
  process.exitCode = 1;
  throw new Error(`${check}: ${message}`);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-quic'],
});
const foreignRequests = [];
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (!['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol)) return;
    if (url.host !== gateway.host) foreignRequests.push(request.url());
  });

  await page.goto(`${gateway.origin}/#/ops`);
  await page.waitForSelector('#operator-token', { timeout: SECONDS * 1000 })
    .catch(() => fail('asks for a token', 'no operator token form on a gateway without demo tokens'));
  report('asks for a token');

  await page.fill('#operator-token', token);
  await page.click('#operator-login button[type="submit"]');
  const up = (service) => `document.querySelector('tr[data-service="${service}"]')?.dataset.up === 'true'`;
  await page.waitForFunction(`${up('gateway')} && ${up('capture')} && ${up('processor')}`, null, { timeout: SECONDS * 1000 })
    .catch(() => fail('every service up', 'the view does not list the gateway, the capture and the processor as up'));
  report('every service up');

  const rate = (stage) => `Number(document.querySelector('tr[data-stage="${stage}"] .rate')?.textContent) > 0`;
  await page.waitForFunction(`${rate('capture')} && ${rate('processor-in')} && ${rate('processor-events')} && ${rate('gateway-in')}`,
    null, { timeout: SECONDS * 1000 })
    .catch(() => fail('events per second', 'events/s stayed at zero for the capture, the processor or the gateway'));
  const shown = async (stage) => Number(await page.textContent(`tr[data-stage="${stage}"] .rate`));
  report('events per second', { capture: await shown('capture'), processor_in: await shown('processor-in'),
    gateway_in: await shown('gateway-in') });
  await page.screenshot({ path: join(artifacts, 'operator-view-apart.png'), fullPage: true });

  if (foreignRequests.length) fail('only the gateway is contacted', foreignRequests.join(', '));
  report('only the gateway is contacted');
} finally {
  await browser.close();
}
