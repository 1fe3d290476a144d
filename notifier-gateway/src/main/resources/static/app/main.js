// The dashboard's entry: a hash router over the three views and the connection badge.
//
// Each view runs under an AbortSignal that is aborted when the next one starts: the view then closes
// its socket and timers, and whatever it still reports is dropped. The badge therefore speaks only
// for the view on screen, even while an old view's socket is still closing or a view that was left
// before it finished loading resolves late.
import { showRestaurant } from './restaurant-view.js';
import { showCustomer } from './customer-view.js';
import { showOps } from './ops-view.js';

const root = document.getElementById('view');
const badge = document.getElementById('connection');
const ICONS = { connected: '●', connecting: '◌', reconnecting: '◌', resuming: '◌', error: '✖' };
let current = null;

function showBadge({ state, text }) {
  badge.dataset.state = state;
  badge.querySelector('.conn-icon').textContent = ICONS[state] || '◌';
  badge.querySelector('.conn-text').textContent = text;
}

async function route() {
  const [, view = 'restaurant', id] = location.hash.split('/');
  if (current) current.abort();
  const mine = new AbortController();
  current = mine;
  const { signal } = mine;
  const report = (state) => { if (!signal.aborted) showBadge(state); };
  for (const link of document.querySelectorAll('nav a')) {
    if (link.dataset.view === view) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  report({ state: 'connecting', text: 'connecting…' });
  try {
    if (view === 'ops') showOps(root, report, signal);
    else if (view === 'customer') await showCustomer(root, Number(id) || 1, report, signal);
    else await showRestaurant(root, Number(id) || 1, report, signal);
  } catch (e) {
    if (signal.aborted) return;
    report({ state: 'error', text: e.message });
    root.replaceChildren(Object.assign(document.createElement('p'), { className: 'empty', textContent: e.message }));
  }
}

window.addEventListener('hashchange', route);
route();
