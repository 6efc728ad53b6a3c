// The console's shell: sign-in with an API token, the caller's role (GET /whoami), the open-API
// banner, and the navigation between views (one module per view, loaded on first use).

import { ApiError, get, storedToken, storeToken } from './api.js';
import { el, replace } from './ui.js';

const ranks = { readonly: 0, service: 1, admin: 2 };

/** Who is signed in and what the role may do. */
export const session = {
  name: '',
  role: 'readonly',
  open: false,
  /** Whether the role covers `needed` ('service' or 'admin'). */
  can(needed) { return (ranks[this.role] ?? -1) >= ranks[needed]; },
};

const views = {
  overview: () => import('./overview.js'),
  users: () => import('./users.js'),
  'system-users': () => import('./system-users.js'),
  channels: () => import('./channels.js'),
  audit: () => import('./audit.js'),
  webhooks: () => import('./webhooks.js'),
};

const $ = (id) => document.getElementById(id);
let stopCurrent = null;

async function identify() {
  const me = await get('/whoami');
  session.name = me.name;
  session.role = me.role;
  session.open = me.open;
}

function showSignIn(message) {
  $('app').hidden = true;
  $('identity').hidden = true;
  $('sign-out').hidden = true;
  $('sign-in').hidden = false;
  const status = $('sign-in-status');
  replace(status, message || '');
  status.className = message ? 'status error' : 'status';
  $('token').focus();
}

function showApp() {
  $('sign-in').hidden = true;
  $('app').hidden = false;
  $('open-banner').hidden = !session.open;
  replace($('identity'), 'Signed in as ', el('strong', {}, session.name), ' · role ',
    el('strong', { id: 'role' }, session.role));
  $('identity').hidden = false;
  $('sign-out').hidden = session.open;
  document.body.dataset.role = session.role;
  route();
}

async function route(focus = false) {
  const name = (location.hash || '#overview').slice(1);
  const view = views[name] ? name : 'overview';
  for (const link of document.querySelectorAll('.nav a')) {
    if (link.dataset.view === view) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  if (stopCurrent) stopCurrent();
  stopCurrent = null;
  const main = $('main');
  replace(main, el('p', { class: 'loading' }, 'Loading…'));
  const module = await views[view]();
  const container = el('section', { class: 'view', id: `view-${view}`, 'aria-labelledby': `title-${view}` });
  replace(main, container);
  stopCurrent = module.mount(container, session) || null;
  document.body.dataset.view = view;
  // A keyboard user who picked a section lands in it.
  if (focus) main.focus();
}

async function start() {
  $('sign-in-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = $('sign-in-button');
    button.disabled = true;
    storeToken($('token').value.trim());
    try {
      await identify();
      $('token').value = '';
      showApp();
    } catch (error) {
      storeToken('');
      showSignIn(error instanceof ApiError ? error.describe() : String(error));
    } finally {
      button.disabled = false;
    }
  });
  $('sign-out').addEventListener('click', () => {
    storeToken('');
    if (stopCurrent) stopCurrent();
    stopCurrent = null;
    replace($('main'));
    showSignIn('Signed out.');
    $('sign-in-status').className = 'status';
  });
  window.addEventListener('hashchange', () => { if (!$('app').hidden) route(true); });
  try {
    // With a stored token, or with an open API, no form is needed.
    await identify();
    showApp();
  } catch (error) {
    if (storedToken()) storeToken('');
    showSignIn(error instanceof ApiError && error.status !== 401 ? error.describe() : '');
  }
}

start();
