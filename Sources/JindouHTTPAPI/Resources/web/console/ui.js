// Small DOM helpers. Data always goes in as text (textContent, attributes), never as HTML.

/**
 * Creates an element: `el('button', { class: 'x', onclick: fn, type: 'button' }, 'Label', child)`.
 * Keys starting with "on" become listeners; `dataset`, `hidden`, `disabled`, `checked`, `value`
 * are set as properties; everything else as attributes. Children are nodes or text.
 */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (['hidden', 'disabled', 'checked', 'value', 'selected'].includes(key)) node[key] = value;
    else if (key === 'class') node.className = value;
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces a node's children. */
export function replace(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

let counter = 0;
/** A unique id for label/field pairs. */
export function uid(prefix = 'f') {
  counter += 1;
  return `${prefix}-${counter}`;
}

/** A labelled input: returns { wrap, input }. */
export function field(label, attributes = {}) {
  const id = attributes.id || uid();
  const input = el(attributes.tag || 'input', { ...attributes, tag: undefined, id });
  const wrap = el('div', { class: 'field' }, el('label', { for: id }, label), input);
  return { wrap, input };
}

/** A status line next to an action: errors (with the server's message) and successes. */
export function statusLine(extraClass = '') {
  const node = el('p', { class: `status ${extraClass}`.trim(), role: 'status', 'aria-live': 'polite' });
  return {
    node,
    clear() { replace(node); node.className = `status ${extraClass}`.trim(); },
    ok(text) { replace(node, text); node.className = `status ok ${extraClass}`.trim(); },
    error(error) {
      replace(node, error && error.describe ? error.describe() : String(error && error.message || error));
      node.className = `status error ${extraClass}`.trim();
      node.dataset.status = error && error.status ? String(error.status) : '';
      node.setAttribute('role', 'alert');
    },
  };
}

/** Runs an action: disables the button meanwhile, reports errors on the status line. */
export async function act(button, status, action) {
  status.clear();
  if (button) button.disabled = true;
  try {
    return await action();
  } catch (error) {
    status.error(error);
    return undefined;
  } finally {
    if (button) button.disabled = false;
  }
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** A date in the viewer's time zone from Unix milliseconds (or seconds, if `seconds`). */
export function formatTime(value, seconds = false) {
  if (value === undefined || value === null || value === 0) return '—';
  const date = new Date(seconds ? value * 1000 : value);
  return el('time', { datetime: date.toISOString() }, dateFormat.format(date));
}

/** "3 d 4 h", "12 min", "40 s" */
export function formatDuration(totalSeconds) {
  const s = Math.max(0, Math.floor(totalSeconds));
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d) return `${d} d ${h} h`;
  if (h) return `${h} h ${m} min`;
  if (m) return `${m} min ${s % 60} s`;
  return `${s} s`;
}

/** A table from column headers and rows of cells (nodes or text). */
export function table(headers, rows, caption) {
  return el('div', { class: 'table-wrap' },
    el('table', {},
      caption ? el('caption', {}, caption) : null,
      el('thead', {}, el('tr', {}, headers.map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, rows.map((cells) => el('tr', {}, cells.map((c) => el('td', {}, c)))))));
}

/** "yes"/"no" badge. */
export function badge(on, yes = 'yes', no = 'no') {
  return el('span', { class: on ? 'badge on' : 'badge' }, on ? yes : no);
}

/**
 * Client-side paging of a list: returns { node, show(items) }; `render(pageItems)` builds the
 * page's content.
 */
export function pager(render, pageSize = 25, label = 'items') {
  let items = [];
  let page = 0;
  const body = el('div');
  const info = el('span', { class: 'page-info' });
  const previous = el('button', { type: 'button', onclick: () => go(page - 1) }, '‹ Previous');
  const next = el('button', { type: 'button', onclick: () => go(page + 1) }, 'Next ›');
  const controls = el('div', { class: 'pager' }, previous, info, next);
  function go(target) {
    const pages = Math.max(1, Math.ceil(items.length / pageSize));
    page = Math.min(Math.max(0, target), pages - 1);
    replace(body, render(items.slice(page * pageSize, (page + 1) * pageSize)));
    const first = items.length ? page * pageSize + 1 : 0;
    const last = Math.min(items.length, (page + 1) * pageSize);
    replace(info, `${first}–${last} of ${items.length} ${label}`);
    previous.disabled = page === 0;
    next.disabled = page >= pages - 1;
    controls.hidden = items.length <= pageSize;
  }
  return {
    node: el('div', {}, body, controls),
    show(list, keepPage = false) { items = list; go(keepPage ? page : 0); },
  };
}

/** Splits "a, b c" into ["a", "b", "c"]. */
export function splitUIDs(text) {
  return text.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);
}
