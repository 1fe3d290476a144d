// Operator view: pipeline health from the same /metrics Prometheus scrapes, refreshed every 2 s.
// Rates and latency percentiles are computed from the difference between two scrapes.
import { parseMetrics, total } from './prometheus.js';
import { el, fmtCount } from './format.js';

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
      el('div', { class: 'panel span-12' }, el('p', { class: 'empty', id: 'scrape' }, 'Reading /metrics…'))));
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
  const section = layout();
  const byId = (id) => section.querySelector(`#${id}`);
  root.replaceChildren(section);
  report({ state: 'connected', text: 'reading /metrics' });
  let previous = null;
  let previousAt = 0;

  const refresh = async () => {
    let samples;
    try {
      const response = await fetch('/metrics', { cache: 'no-store' });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      samples = parseMetrics(await response.text());
    } catch (e) {
      report({ state: 'error', text: `/metrics unreachable (${e.message})` });
      return;
    }
    report({ state: 'connected', text: 'reading /metrics' });
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
    byId('scrape').textContent = `Scraped ${samples.length} samples from /metrics at ${new Date().toLocaleTimeString()}.`;
    previous = samples;
    previousAt = at;
  };

  refresh();
  const timer = setInterval(refresh, REFRESH_MS);
  signal.addEventListener('abort', () => clearInterval(timer), { once: true });
}
