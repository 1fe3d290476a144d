// A small SVG bar chart: redemptions per minute over the last 30 minutes.
const NS = 'http://www.w3.org/2000/svg';

function svg(tag, attrs) {
  const node = document.createElementNS(NS, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  return node;
}

/**
 * @param {HTMLElement} host
 * @param {{minute: number, count: number}[]} buckets  epoch-minute and count, oldest first
 */
export function drawPerMinute(host, buckets) {
  const width = 600;
  const height = 160;
  const bottom = 18;
  const max = Math.max(1, ...buckets.map((b) => b.count));
  const step = width / buckets.length;
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img',
    'aria-label': `Redemptions per minute, last ${buckets.length} minutes; latest ${buckets.at(-1)?.count ?? 0}, peak ${max}` });
  root.append(svg('line', { class: 'axis', x1: 0, y1: height - bottom, x2: width, y2: height - bottom }));
  buckets.forEach((bucket, i) => {
    const h = ((height - bottom - 14) * bucket.count) / max;
    const bar = svg('rect', { class: 'bar', x: i * step + 1, y: height - bottom - h, width: Math.max(1, step - 2), height: h });
    const title = svg('title', {});
    title.textContent = `${new Date(bucket.minute * 60000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}: ${bucket.count}`;
    bar.append(title);
    root.append(bar);
  });
  const label = (x, text, anchor) => {
    const t = svg('text', { x, y: height - 4, 'text-anchor': anchor });
    t.textContent = text;
    root.append(t);
  };
  label(0, `−${buckets.length} min`, 'start');
  label(width, 'now', 'end');
  const peak = svg('text', { x: 2, y: 10 });
  peak.textContent = `peak ${max}/min`;
  root.append(peak);
  host.replaceChildren(root);
}

/** Per-minute buckets for the last `minutes` minutes ending now, from counts keyed by epoch-minute. */
export function lastMinutes(countsByMinute, minutes = 30, now = Date.now()) {
  const current = Math.floor(now / 60000);
  const buckets = [];
  for (let m = current - minutes + 1; m <= current; m++) {
    buckets.push({ minute: m, count: countsByMinute.get(m) || 0 });
  }
  return buckets;
}
