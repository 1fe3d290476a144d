// Operator view: pipeline health from the same metrics Prometheus scrapes, refreshed every 2 s. The
// gateway gathers them server-side (its own and those of the services in gateway.ops.metrics.targets) at
// /ops/v1/metrics for a token whose role may read them: the page never reaches a service's ops port, so it
// works the same whether the services run in one `promo dev` or apart. Rates and latency percentiles are
// computed from the difference between two readings.
import { parseMetrics, total } from './prometheus.js';
import { el, fmtCount } from './format.js';
import { devToken } from './live.js';

const TOKEN_KEY = 'promo.operatorToken';

const REFRESH_MS = 2000;

// The stream processor's Kafka clients (Kafka Streams names them <application id>-<uuid>-StreamThread-N-...).
// Kafka also reports every dotted topic name a second time with underscores: count the dotted ones.
const streamThread = (suffix) => (labels) => /^promo-processor.*-StreamThread-\d+-/.test(labels.client_id || '')
  && (labels.client_id || '').endsWith(suffix);
const cdcTopicOfProcessor = (labels) => streamThread('-consumer')(labels) && (labels.topic || '').startsWith('menuca.menuca_v3.');

/** Stages of the pipeline and the counter that says how many records each one handled. */
const STAGES = [
  { id: 'capture', stage: 'capture → Kafka (changes)', metric: 'promo_capture_events_total' },
  { id: 'processor-in', stage: 'processor in (changes read)', metric: 'promo_processor_changes_total' },
  { id: 'processor-events', stage: 'processor derived events', metric: 'promo_processor_events_total' },
  { id: 'processor-out', stage: 'processor writes (events, counts, state)', metric: 'kafka_producer_record_send_total', where: streamThread('-producer') },
  { id: 'gateway-in', stage: 'gateway in (from Kafka)', metric: 'promo_gateway_events_in_total' },
  { id: 'gateway-out', stage: 'gateway frames out', metric: 'promo_gateway_frames_out_total' },
];

function layout() {
  return el('section', { 'aria-labelledby': 'ops-title' },
    el('h2', { id: 'ops-title', class: 'sr-only' }, 'Pipeline health'),
    el('div', { class: 'grid' },
      el('div', { class: 'panel span-4' }, el('h2', {}, 'Capture'),
        el('div', {}, el('span', { class: 'health', id: 'capture-health', 'data-ok': 'false' }, '…')),
        el('div', { class: 'stat', style: 'margin-top:8px' }, el('span', { class: 'value', id: 'slot-lag' }, '–'),
          el('span', { class: 'label' }, 'replication slot lag (WAL held back)')),
        el('div', { class: 'stat' }, el('span', { class: 'value', id: 'capture-lag' }, '–'),
          el('span', { class: 'label' }, 'commit → Kafka, p99 (sampled)'))),
      el('div', { class: 'panel span-4' }, el('h2', {}, 'Gateway'),
        el('div', { class: 'stats' },
          statBox('connections', 'connections'), statBox('channels', 'channels'), statBox('gateway-lag', 'Kafka lag (records)')),
        el('div', { class: 'stats', style: 'margin-top:10px' },
          statBox('latency-p50', 'delivery p50'), statBox('latency-p99', 'delivery p99'), statBox('drops', 'drops'))),
      el('div', { class: 'panel span-4' }, el('h2', {}, 'Kafka consumer lag per service'),
        el('table', {}, el('tbody', { id: 'consumer-lag' }))),
      el('div', { class: 'panel span-12' }, el('h2', {}, 'Events per second by stage'),
        el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, 'stage'), el('th', { class: 'num' }, 'events/s'),
          el('th', { class: 'num' }, 'total'))), el('tbody', { id: 'stages' }))),
      el('div', { class: 'panel span-12' }, el('h2', {}, 'Services'),
        el('table', {}, el('tbody', { id: 'services' })),
        el('p', { class: 'empty', id: 'scrape' }, 'Reading the pipeline\'s metrics…'))));
}

/** The operator token form, for a gateway that serves no demo tokens (anything but promo dev). */
function tokenForm(onToken) {
  const input = el('input', { id: 'operator-token', type: 'password', autocomplete: 'off', 'aria-label': 'operator token' });
  const form = el('form', { class: 'panel span-12', id: 'operator-login' },
    el('h2', {}, 'Operator token'),
    el('p', {}, 'The pipeline\'s metrics need a token with an operator role (gateway.ops.roles, e.g. service_role or operator). ',
      'It stays in this tab only.'),
    input, el('button', { type: 'submit' }, 'Show the pipeline'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (input.value.trim()) onToken(input.value.trim());
  });
  return form;
}

/** A token for the metrics: kept in this tab, else a demo one (promo dev), else null (ask the operator). */
async function operatorToken() {
  const kept = sessionStorage.getItem(TOKEN_KEY);
  if (kept) return kept;
  try {
    return await devToken({ role: 'operator' });
  } catch {
    return null;
  }
}

/** Every target's samples, each labelled with the target it came from; and which targets answered. */
async function readMetrics(token) {
  const response = await fetch('/ops/v1/metrics', { cache: 'no-store', headers: { Authorization: `Bearer ${token}` } });
  if (response.status === 401 || response.status === 403) {
    const error = new Error((await response.json()).message);
    error.refused = true;
    throw error;
  }
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const body = await response.json();
  const samples = [];
  for (const target of body.targets) {
    if (!target.up) continue;
    for (const sample of parseMetrics(target.metrics)) {
      sample.labels.target = target.name;
      samples.push(sample);
    }
  }
  return { samples, targets: body.targets };
}

function statBox(id, label) {
  return el('div', { class: 'stat' }, el('span', { class: 'value', id }, '–'), el('span', { class: 'label' }, label));
}

function bytes(n) {
  if (!Number.isFinite(n)) return '–';
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return `${n.toFixed(i ? 1 : 0)} ${units[i]}`;
}

/** A quantile from the difference of two cumulative Prometheus histograms (like histogram_quantile). */
function quantile(q, now, before, name) {
  const buckets = (samples) => samples.filter((s) => s.name === name).map((s) => ({ le: Number(s.labels.le === '+Inf' ? Infinity : s.labels.le), n: s.value }));
  const a = buckets(now);
  if (!a.length) return NaN;
  const b = new Map(buckets(before || []).map((x) => [x.le, x.n]));
  const delta = a.map((x) => ({ le: x.le, n: x.n - (b.get(x.le) || 0) })).sort((x, y) => x.le - y.le);
  const count = delta.at(-1).n;
  if (count <= 0) return NaN;
  const rank = q * count;
  let previous = { le: 0, n: 0 };
  for (const bucket of delta) {
    if (bucket.n >= rank) {
      if (!Number.isFinite(bucket.le)) return previous.le;
      const inBucket = bucket.n - previous.n;
      return previous.le + (bucket.le - previous.le) * (inBucket ? (rank - previous.n) / inBucket : 0);
    }
    previous = bucket;
  }
  return NaN;
}

const ms = (seconds) => (Number.isFinite(seconds) ? `${(seconds * 1000).toFixed(seconds < 0.01 ? 1 : 0)} ms` : '–');

/**
 * Shows the pipeline's health in `root` until `signal` aborts (the next view started).
 * @param {(state: {state: string, text: string}) => void} report  the connection badge
 */
export function showOps(root, report, signal) {
  const onConnection = report;
  let timer = null;
  const stopped = () => signal.aborted;
  const start = (token) => {
    if (stopped()) return;
    const section = layout();
    root.replaceChildren(section);
    timer = watch(section, token, onConnection, () => {
      clearInterval(timer);
      sessionStorage.removeItem(TOKEN_KEY);
      if (!stopped()) root.replaceChildren(tokenForm(login));
    });
  };
  const login = (token) => {
    sessionStorage.setItem(TOKEN_KEY, token);
    start(token);
  };
  onConnection({ state: 'connecting', text: 'reading the pipeline\'s metrics' });
  operatorToken().then((token) => {
    if (stopped()) return;
    if (token) start(token);
    else {
      onConnection({ state: 'error', text: 'operator token needed' });
      root.replaceChildren(tokenForm(login));
    }
  });
  signal.addEventListener('abort', () => clearInterval(timer), { once: true });
}

/** Reads the metrics every REFRESH_MS into `section`; calls onRefused when the token may not read them. */
function watch(section, token, onConnection, onRefused) {
  const byId = (id) => section.querySelector(`#${id}`);
  let previous = null;
  let previousAt = 0;

  const refresh = async () => {
    let samples;
    let targets;
    try {
      ({ samples, targets } = await readMetrics(token));
    } catch (e) {
      if (e.refused) {
        onConnection({ state: 'error', text: `metrics refused: ${e.message}` });
        onRefused();
        return;
      }
      onConnection({ state: 'error', text: `metrics unreachable (${e.message})` });
      return;
    }
    if (!section.isConnected) return;
    onConnection({ state: 'connected', text: 'reading the pipeline\'s metrics' });
    byId('services').replaceChildren(...targets.map((t) => el('tr', { dataset: { service: t.name, up: String(t.up) } },
      el('td', {}, t.name),
      el('td', {}, el('span', { class: 'health', 'data-ok': String(t.up) }, t.up ? '✔ up' : `✖ down: ${t.error}`)))));
    const at = performance.now();
    const seconds = previous ? (at - previousAt) / 1000 : 0;

    const streaming = total(samples, 'promo_capture_streaming') === 1;
    const health = byId('capture-health');
    health.dataset.ok = String(streaming);
    health.textContent = streaming ? '✔ streaming from the WAL' : '✖ not streaming';
    byId('slot-lag').textContent = bytes(total(samples, 'promo_capture_slot_lag_bytes'));
    byId('capture-lag').textContent = ms(total(samples, 'promo_capture_lag_seconds', { quantile: '0.99' }));
    byId('connections').textContent = fmtCount(total(samples, 'promo_gateway_connections'));
    byId('channels').textContent = fmtCount(total(samples, 'promo_gateway_channels'));
    byId('gateway-lag').textContent = fmtCount(total(samples, 'promo_gateway_kafka_lag'));
    byId('drops').textContent = fmtCount(total(samples, 'promo_gateway_drops_total') || 0);
    // Percentiles of the frames delivered since the previous scrape; none delivered shows "–".
    byId('latency-p50').textContent = ms(quantile(0.5, samples, previous, 'promo_gateway_delivery_latency_seconds_bucket'));
    byId('latency-p99').textContent = ms(quantile(0.99, samples, previous, 'promo_gateway_delivery_latency_seconds_bucket'));

    const lagRows = [
      ['stream processor (change topics)', total(samples, 'kafka_consumer_fetch_manager_records_lag', cdcTopicOfProcessor)],
      ['gateway', total(samples, 'promo_gateway_kafka_lag')],
    ];
    byId('consumer-lag').replaceChildren(...lagRows.map(([name, lag]) =>
      el('tr', {}, el('td', {}, name), el('td', { class: 'num' }, fmtCount(lag)))));

    byId('stages').replaceChildren(...STAGES.map(({ id, stage, metric, where }) => {
      const now = total(samples, metric, where);
      const then = previous ? total(previous, metric, where) : NaN;
      const rate = seconds > 0 && Number.isFinite(now) && Number.isFinite(then) ? (now - then) / seconds : NaN;
      return el('tr', { dataset: { stage: id } }, el('td', {}, stage),
        el('td', { class: 'num rate' }, Number.isFinite(rate) ? rate.toFixed(1) : '–'),
        el('td', { class: 'num' }, fmtCount(Number.isFinite(now) ? now : null)));
    }));
    byId('scrape').textContent = `Read ${samples.length} samples from ${targets.filter((t) => t.up).length} `
      + `of ${targets.length} services at ${new Date().toLocaleTimeString()}.`;
    previous = samples;
    previousAt = at;
  };

  refresh();
  return setInterval(refresh, REFRESH_MS);
}
