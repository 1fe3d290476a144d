// The dashboard's entry: a hash router over the three views and the connection badge.
import { showRestaurant } from './restaurant-view.js';
import { showCustomer } from './customer-view.js';
import { showOps } from './ops-view.js';

const root = document.getElementById('view');
const badge = document.getElementById('connection');
const ICONS = { connected: '●', connecting: '◌', reconnecting: '◌', error: '✖' };
let stopCurrent = null;

function onConnection({ state, text }) {
  badge.dataset.state = state;
  badge.querySelector('.conn-icon').textContent = ICONS[state] || '◌';
  badge.querySelector('.conn-text').textContent = text;
}

async function route() {
  const [, view = 'restaurant', id] = location.hash.split('/');
  if (stopCurrent) {
    stopCurrent();
    stopCurrent = null;
  }
  for (const link of document.querySelectorAll('nav a')) {
    if (link.dataset.view === view) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  try {
    if (view === 'ops') stopCurrent = showOps(root, onConnection);
    else if (view === 'customer') stopCurrent = await showCustomer(root, Number(id) || 1, onConnection);
    else stopCurrent = await showRestaurant(root, Number(id) || 1, onConnection);
  } catch (e) {
    onConnection({ state: 'error', text: e.message });
    root.replaceChildren(Object.assign(document.createElement('p'), { className: 'empty', textContent: e.message }));
  }
}

window.addEventListener('hashchange', route);
route();
