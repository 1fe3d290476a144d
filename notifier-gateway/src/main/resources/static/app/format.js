// Formatting shared by the views: money, counts, clock times, durations.
const money = new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD' });
const count = new Intl.NumberFormat();

export const fmtMoney = (value) => (value === null || value === undefined ? '–' : money.format(Number(value)));
export const fmtCount = (value) => (value === null || value === undefined ? '–' : count.format(value));

export function fmtClock(iso) {
  const date = iso ? new Date(iso) : new Date();
  return date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** A time of day for today, else the date too (a redemption of last week). */
export function fmtWhen(iso) {
  const date = new Date(iso);
  if (date.toDateString() === new Date().toDateString()) return fmtClock(iso);
  return `${date.toLocaleDateString([], { month: 'short', day: 'numeric' })}, ${fmtClock(iso)}`;
}

export function fmtLeft(ms) {
  if (ms <= 0) return 'ended';
  const minutes = Math.floor(ms / 60000);
  if (minutes < 60) return `${minutes} min left`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min left`;
  return `${Math.floor(hours / 24)} days left`;
}

/** Builds an element: el('li', {class: 'x', dataset: {id: 1}}, 'text', child). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null) continue;
    if (key === 'class') node.className = value;
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else node.setAttribute(key, value);
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Prepends an item to a list, keeping at most `max` items, and drops the empty-state line. */
export function prepend(list, item, max = 50) {
  list.querySelector('.empty')?.remove();
  list.prepend(item);
  while (list.children.length > max) list.lastElementChild.remove();
}
