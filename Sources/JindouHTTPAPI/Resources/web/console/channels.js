// Channels: look one up; its flags (ban, disband, send_ban, system…); its subscribers, allowlist
// and denylist with add and remove, paged; its recent messages, decoded where JSON text.

import { get, post } from './api.js';
import { act, el, field, formatTime, pager, replace, splitUIDs, statusLine, table } from './ui.js';

const FLAGS = [
  ['ban', 'Banned (nobody may send)'], ['disband', 'Disbanded'], ['send_ban', 'Send ban (only system users send)'],
  ['system', 'System channel'], ['large', 'Large group'], ['allow_stranger', 'Allow strangers (person channels)'],
];
const LISTS = {
  subscribers: { title: 'Subscribers', read: '/channel/subscribers', add: '/channel/subscriber_add',
    remove: '/channel/subscriber_remove', key: 'subscribers', role: 'service' },
  allowlist: { title: 'Allowlist', read: '/channel/whitelist', add: '/channel/whitelist_add',
    remove: '/channel/whitelist_remove', key: 'uids', role: 'admin' },
  denylist: { title: 'Denylist', read: '/channel/blacklist', add: '/channel/blacklist_add',
    remove: '/channel/blacklist_remove', key: 'uids', role: 'admin' },
};

/** A payload (base64) as text: pretty JSON when it is JSON, the text when UTF-8, else a size. */
export function decodePayload(base64) {
  let bytes;
  try {
    bytes = Uint8Array.from(atob(base64 || ''), (c) => c.charCodeAt(0));
  } catch (_) {
    return { kind: 'raw', text: String(base64) };
  }
  let text;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (_) {
    return { kind: 'binary', text: `${bytes.length} bytes of binary data` };
  }
  try {
    return { kind: 'json', text: JSON.stringify(JSON.parse(text), null, 2) };
  } catch (_) {
    return { kind: 'text', text };
  }
}

export function mount(container, session) {
  const status = statusLine();
  const id = field('Channel id', { id: 'channel-id', autocomplete: 'off', required: true });
  const type = field('Type', { tag: 'select', id: 'channel-type' });
  for (const [value, label] of [[2, '2 group'], [1, '1 person'], [3, '3 customer service'], [4, '4 community'],
    [5, '5 community topic'], [6, '6 info']]) {
    type.input.append(el('option', { value: String(value) }, label));
  }
  const button = el('button', { type: 'submit', id: 'channel-find' }, 'Look up');
  const detail = el('div', { id: 'channel-detail' });
  const form = el('form', { class: 'inline', onsubmit: (event) => { event.preventDefault(); open(); } },
    id.wrap, type.wrap, button);

  async function open() {
    const channel = { channel_id: id.input.value.trim(), channel_type: Number(type.input.value) };
    replace(detail);
    await act(button, status, async () => {
      const info = await get(`/channel/info?channel_id=${encodeURIComponent(channel.channel_id)}&channel_type=${channel.channel_type}`);
      replace(detail, flagsPanel(info), listsPanel(channel, info), messagesPanel(channel, info));
    });
  }

  function flagsPanel(info) {
    const state = statusLine();
    const editable = session.can('service');
    const boxes = {};
    const rows = FLAGS.map(([flag, label]) => {
      boxes[flag] = el('input', { type: 'checkbox', id: `flag-${flag}`, checked: info[flag] === 1, disabled: !editable });
      return el('div', { class: 'row' }, boxes[flag], el('label', { for: `flag-${flag}` }, label));
    });
    const reason = field('Reason (optional, audited)', { id: 'flags-reason', autocomplete: 'off' });
    const save = el('button', { type: 'button', id: 'flags-save', onclick: () => act(save, state, async () => {
      const body = { channel_id: info.channel_id, channel_type: info.channel_type, owner: info.owner || undefined };
      for (const [flag] of FLAGS) body[flag] = boxes[flag].checked ? 1 : 0;
      if (reason.input.value.trim()) body.reason = reason.input.value.trim();
      await post('/channel/info', body);
      state.ok('Flags saved.');
    }) }, 'Save flags');
    return el('div', { class: 'panel' }, el('h3', {}, `Channel ${info.channel_id} (type ${info.channel_type})`),
      el('p', {}, `Owner: ${info.owner || '—'} · ${info.subscribers} subscribers · ${info.allowlist} on the allowlist · ${info.denylist} on the denylist`),
      rows, editable ? el('div', {}, reason.wrap, save) : null, state.node);
  }

  function listsPanel(channel, info) {
    const body = el('div');
    const tabs = el('div', { class: 'tabs', role: 'group', 'aria-label': 'Lists' });
    const buttons = {};
    for (const [name, list] of Object.entries(LISTS)) {
      if (name === 'subscribers' && channel.channel_type === 1) continue;
      buttons[name] = el('button', { type: 'button', id: `tab-${name}`, 'aria-pressed': 'false', onclick: () => show(name) },
        `${list.title} (${info[name]})`);
      tabs.append(buttons[name]);
    }
    function show(name) {
      for (const [key, tab] of Object.entries(buttons)) tab.setAttribute('aria-pressed', String(key === name));
      replace(body, listView(channel, name));
    }
    const first = Object.keys(buttons)[0];
    show(info.allowlist > 0 && buttons.allowlist ? 'allowlist' : first);
    return el('div', { class: 'panel' }, el('h3', {}, 'Members'), tabs, body);
  }

  function listView(channel, name) {
    const list = LISTS[name];
    const editable = session.can(list.role);
    const state = statusLine();
    const reason = field('Reason (optional, audited)', { id: `${name}-reason`, autocomplete: 'off' });
    const change = async (path, uids) => {
      const body = { ...channel, [list.key]: uids };
      if (list.key === 'uids' && reason.input.value.trim()) body.reason = reason.input.value.trim();
      await post(path, body);
    };
    const paged = pager((uids) => table(editable ? ['Uid', ''] : ['Uid'], uids.map((uid) => editable
      ? [uid, el('button', { type: 'button', class: 'secondary', dataset: { remove: uid }, 'aria-label': `Remove ${uid} from the ${list.title.toLowerCase()}`,
        onclick: (event) => act(event.currentTarget, state, async () => {
          await change(list.remove, [uid]);
          await load();
          state.ok(`${uid} was removed from the ${list.title.toLowerCase()}.`);
        }) }, 'Remove')]
      : [uid])), 50, 'uids');
    async function load() {
      await act(null, state, async () => {
        paged.show(await get(`${list.read}?channel_id=${encodeURIComponent(channel.channel_id)}&channel_type=${channel.channel_type}`), true);
      });
    }
    let adder = null;
    if (editable) {
      const uids = field(`Add to the ${list.title.toLowerCase()} (uids)`, { id: `${name}-add-uids`, autocomplete: 'off', required: true });
      const add = el('button', { type: 'submit', id: `${name}-add` }, 'Add');
      adder = el('form', { class: 'inline', onsubmit: (event) => {
        event.preventDefault();
        act(add, state, async () => {
          const values = splitUIDs(uids.input.value);
          await change(list.add, values);
          uids.input.value = '';
          await load();
          state.ok(`Added ${values.join(', ')}.`);
        });
      } }, uids.wrap, list.key === 'uids' ? reason.wrap : null, add);
    }
    load();
    return el('div', { id: `list-${name}` }, adder, state.node, paged.node);
  }

  function messagesPanel(channel, info) {
    const state = statusLine();
    const reader = field(channel.channel_type === 1 ? 'Read as (the other participant\'s uid)' : 'Read as (login uid)',
      { id: 'messages-login', autocomplete: 'off', value: channel.channel_type === 1 ? '' : (info.owner || 'console') });
    const body = el('div');
    const load = el('button', { type: 'button', id: 'messages-load', onclick: () => act(load, state, async () => {
      const page = await post('/channel/messagesync', { login_uid: reader.input.value.trim(), ...channel, limit: 20 });
      const messages = [...page.messages].reverse();
      replace(body, messages.length
        ? table(['Seq', 'Time', 'From', 'Payload'], messages.map((m) => {
          const payload = decodePayload(m.payload);
          return [String(m.message_seq), formatTime(m.timestamp, true), m.from_uid || '(system)',
            el('pre', { class: 'payload', dataset: { kind: payload.kind } }, payload.text)];
        }), 'Newest first')
        : el('p', {}, 'No messages.'));
    }) }, 'Load recent messages');
    return el('div', { class: 'panel' }, el('h3', {}, 'Recent messages'),
      el('div', { class: 'inline row' }, reader.wrap, load), state.node, body);
  }

  replace(container, el('h2', { id: 'title-channels' }, 'Channels'),
    el('div', { class: 'panel' }, form, status.node), detail);
  return null;
}
