// Audit log: privilege changes, newest first, filtered by time, action, uid and channel, paged
// by the API's cursor, each with its before and after state shown as a diff.

import { get, query } from './api.js';
import { act, el, field, formatTime, replace, statusLine, table } from './ui.js';

const ACTIONS = [
  'systemuids_add', 'systemuids_remove', 'systemuids_add_to_cache', 'systemuids_remove_from_cache',
  'channel_flags', 'whitelist_add', 'whitelist_remove', 'whitelist_set', 'whitelist_remove_all',
  'blacklist_add', 'blacklist_remove', 'blacklist_set', 'blacklist_remove_all', 'device_quit', 'conn_kick',
  'conn_remove', 'user_ban', 'user_unban', 'user_delete', 'user_disconnect',
];
const PAGE = 25;

function show(value) {
  return value === undefined ? '∅' : JSON.stringify(value);
}

/** before → after per key, marking added, removed and changed keys. */
export function diff(before, after) {
  const a = before && typeof before === 'object' && !Array.isArray(before) ? before : { value: before };
  const b = after && typeof after === 'object' && !Array.isArray(after) ? after : { value: after };
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return el('ul', { class: 'diff' }, keys.map((key) => {
    const was = a[key];
    const now = b[key];
    if (!(key in a)) return el('li', { class: 'added' }, `+ ${key}: ${show(now)}`);
    if (!(key in b)) return el('li', { class: 'removed' }, `− ${key}: ${show(was)}`);
    if (JSON.stringify(was) === JSON.stringify(now)) return el('li', { class: 'same' }, `  ${key}: ${show(now)}`);
    return el('li', { class: 'changed' }, `~ ${key}: ${show(was)} → ${show(now)}`);
  }));
}

function toMillis(localValue) {
  return localValue ? String(new Date(localValue).getTime()) : '';
}

export function mount(container) {
  const status = statusLine();
  const since = field('Since', { type: 'datetime-local', id: 'audit-since' });
  const until = field('Until', { type: 'datetime-local', id: 'audit-until' });
  const action = field('Action', { tag: 'select', id: 'audit-action' });
  action.input.append(el('option', { value: '' }, 'any'), ACTIONS.map((a) => el('option', { value: a }, a)));
  const uid = field('Uid', { id: 'audit-uid', autocomplete: 'off' });
  const channel = field('Channel id', { id: 'audit-channel', autocomplete: 'off' });
  const search = el('button', { type: 'submit', id: 'audit-search' }, 'Search');
  const body = el('div', { id: 'audit-entries' });
  const cursors = [''];
  let index = 0;
  let next = null;
  const previous = el('button', { type: 'button', class: 'secondary', onclick: () => { index -= 1; load(); } }, '‹ Newer');
  const older = el('button', { type: 'button', class: 'secondary', id: 'audit-older', onclick: () => { cursors[index + 1] = next; index += 1; load(); } }, 'Older ›');
  const info = el('span', { class: 'page-info' });

  async function load() {
    await act(search, status, async () => {
      const page = await get(`/audit${query({
        since: toMillis(since.input.value), until: toMillis(until.input.value), action: action.input.value,
        uid: uid.input.value.trim(), channel_id: channel.input.value.trim(), limit: PAGE, cursor: cursors[index],
      })}`);
      next = page.next_cursor ?? null;
      replace(body, page.entries.length
        ? table(['Time', 'Action', 'By', 'Uids', 'Channel', 'Reason', 'Before → after'], page.entries.map((entry) => [
          formatTime(entry.time), el('code', {}, entry.action),
          el('span', { title: `${entry.client_ip} ${entry.user_agent}` }, entry.actor),
          entry.uids.join(', '), entry.channel_id ? `${entry.channel_id} (${entry.channel_type})` : '',
          entry.reason, diff(entry.before, entry.after)]))
        : el('p', {}, 'No entries match.'));
      previous.disabled = index === 0;
      older.disabled = next === null;
      replace(info, `Page ${index + 1}`);
    });
  }

  const form = el('form', { class: 'inline', onsubmit: (event) => { event.preventDefault(); cursors.length = 1; index = 0; load(); } },
    since.wrap, until.wrap, action.wrap, uid.wrap, channel.wrap, search);
  replace(container, el('h2', { id: 'title-audit' }, 'Audit log'),
    el('p', { class: 'hint' }, 'Every privilege change, newest first; times in your time zone. Admin tokens only.'),
    el('div', { class: 'panel' }, form), status.node, body,
    el('div', { class: 'pager' }, previous, info, older));
  load();
  return null;
}
