// Reads the Prometheus text exposition format (/metrics) into samples the operator view can sum.
const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([^}]*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** @returns {{name: string, labels: Object<string,string>, value: number}[]} */
export function parseMetrics(text) {
  const samples = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = LINE.exec(line);
    if (!m) continue;
    const labels = {};
    if (m[3]) for (const l of m[3].matchAll(LABEL)) labels[l[1]] = l[2];
    samples.push({ name: m[1], labels, value: Number(m[4]) });
  }
  return samples;
}

/**
 * Sum of every sample of a metric whose labels match `where` (an object of exact label values, or a
 * predicate over the labels); NaN when there is none.
 */
export function total(samples, name, where = {}) {
  const matches = typeof where === 'function' ? where : (labels) => Object.entries(where).every(([k, v]) => labels[k] === v);
  let sum = NaN;
  for (const s of samples) {
    if (s.name !== name) continue;
    if (!matches(s.labels)) continue;
    sum = (Number.isNaN(sum) ? 0 : sum) + s.value;
  }
  return sum;
}

