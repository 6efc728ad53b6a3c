// Users: find a user (devices, online state, last activity), list them page by page, register,
// ban and unban, force logout, and delete with a preview of the cascade (the API's dry run) and
// a typed confirmation.

import { del, get, post, query } from './api.js';
import { act, badge, el, field, formatTime, replace, statusLine, table } from './ui.js';

const PAGE = 20;
const countLabels = {
  devices: 'Devices (tokens)', memberships: 'List memberships', conversations: 'Conversations',
  person_channels: 'Person channels', person_messages: 'Person messages', owned_channels: 'Owned channels',
  owned_channel_messages: 'Messages of owned channels', purged_messages: 'Purged group messages',
  system_uid: 'System uid',
};

export function mount(container, session) {
  const admin = session.can('admin');
  const findStatus = statusLine();
  const uidField = field('Username (uid)', { name: 'uid', autocomplete: 'off', required: true, id: 'user-find-uid' });
  const findButton = el('button', { type: 'submit', id: 'user-find' }, 'Find');
  const detail = el('div', { id: 'user-detail' });
  const findForm = el('form', { class: 'inline', onsubmit: (event) => { event.preventDefault(); open(uidField.input.value.trim()); } },
    uidField.wrap, findButton);

  async function open(uid) {
    if (!uid) return;
    uidField.input.value = uid;
    replace(detail);
    await act(findButton, findStatus, async () => {
      const [info, connections] = await Promise.all([
        get(`/user/detail${query({ uid })}`), get(`/connz${query({ uid, limit: 100 })}`)]);
      replace(detail, userPanel(info, connections.connections));
    });
  }

  function userPanel(info, connections) {
    const status = statusLine();
    const actions = el('div', { class: 'actions' });
    const confirmArea = el('div');
    if (admin && info.exists) {
      const ban = el('button', { type: 'button', class: 'secondary', id: 'user-ban', onclick: () => act(ban, status, async () => {
        await post(`/users/${encodeURIComponent(info.uid)}/${info.banned ? 'activate' : 'deactivate'}`, {});
        await open(info.uid);
      }) }, info.banned ? 'Unban' : 'Ban');
      const logout = el('button', { type: 'button', class: 'secondary', id: 'user-logout', onclick: () => act(logout, status, async () => {
        await get(`/users/${encodeURIComponent(info.uid)}/disconnect`);
        status.ok(`${info.uid} was logged out of every device.`);
      }) }, 'Force logout');
      const remove = el('button', { type: 'button', class: 'danger', id: 'user-delete', onclick: () => act(remove, status, async () => {
        replace(confirmArea, await deletion(info.uid));
      }) }, 'Delete…');
      actions.append(ban, logout, remove);
    }
    return el('div', { class: 'panel', dataset: { uid: info.uid } },
      el('h3', {}, info.uid, info.nickname ? ` (${info.nickname})` : ''),
      el('dl', { class: 'kv' },
        el('dt', {}, 'Registered'), el('dd', {}, info.exists ? formatTime(info.created_at) : 'no'),
        el('dt', {}, 'Online'), el('dd', { id: 'user-online' }, badge(info.online, `online (${info.connections})`, 'offline')),
        el('dt', {}, 'Devices with a token'), el('dd', { id: 'user-devices' }, String(info.devices)),
        el('dt', {}, 'Last activity'), el('dd', {}, formatTime(info.last_active_at)),
        el('dt', {}, 'Banned'), el('dd', { id: 'user-banned' }, badge(info.banned, 'banned', 'no')),
        el('dt', {}, 'System user'), el('dd', {}, info.is_system_user ? (info.protected ? 'yes (protected)' : 'yes') : 'no')),
      connections.length
        ? table(['Connection', 'Device', 'Transport', 'Address', 'Since'], connections.map((c) => [
          String(c.id), `${['app', 'web', 'pc'][c.device_flag] || c.device_flag} ${c.device_id}`, c.transport,
          c.remote_addr, formatTime(c.connected_at, true)]), 'Live connections on this node')
        : null,
      actions, status.node, confirmArea);
  }

  async function deletion(uid) {
    const purge = el('input', { type: 'checkbox', id: 'delete-purge' });
    const box = el('div', { class: 'confirm', id: 'delete-confirm' });
    async function preview() {
      const status = statusLine();
      const report = await del(`/users/${encodeURIComponent(uid)}${query({ dry_run: 'true', purge_messages: purge.checked ? 'true' : '' })}`);
      const typed = el('input', { id: 'delete-typed', autocomplete: 'off' });
      const go = el('button', { type: 'button', class: 'danger', id: 'delete-go', disabled: true,
        onclick: () => act(go, status, async () => {
          await del(`/users/${encodeURIComponent(uid)}${query({ purge_messages: purge.checked ? 'true' : '' })}`);
          replace(box, el('p', { class: 'status ok', id: 'delete-done' }, `${uid} was deleted.`));
          replace(detail, box);
          users.reload();
        }) }, 'Delete permanently');
      typed.addEventListener('input', () => { go.disabled = typed.value !== uid; });
      replace(box,
        el('h4', {}, `Deleting ${uid} removes, in one transaction:`),
        table(['What', 'Count'], Object.keys(countLabels).map((kind) => [countLabels[kind],
          el('span', { dataset: { kind } }, String(report.counts[kind] ?? 0))]), 'From the server\'s dry run'),
        el('p', {}, `Live connections closed: ${report.connections}.`,
          report.owned_channels.length ? ` Owned channels deleted: ${report.owned_channels.join(', ')}.` : ''),
        el('div', { class: 'row' }, el('input', { type: 'checkbox', id: 'delete-purge-2', checked: purge.checked, disabled: true }),
          el('label', { for: 'delete-purge-2' }, 'Also purge its messages in the channels it belongs to')),
        el('div', { class: 'field' }, el('label', { for: 'delete-typed' }, `Type ${uid} to confirm`), typed),
        el('div', { class: 'actions' }, go,
          el('button', { type: 'button', class: 'secondary', onclick: () => replace(box) }, 'Cancel')),
        status.node);
      typed.focus();
    }
    const start = statusLine();
    const begin = el('button', { type: 'button', class: 'danger', id: 'delete-preview', onclick: () => act(begin, start, preview) },
      'Preview the deletion');
    replace(box, el('div', { class: 'row' }, purge, el('label', { for: 'delete-purge' }, 'Also purge its messages in the channels it belongs to')),
      begin, start.node);
    return box;
  }

  // Every user, page by page (cursor paging of GET /users).
  const users = (() => {
    const status = statusLine();
    const body = el('div');
    const cursors = [''];
    let index = 0;
    let nextCursor = null;
    const previous = el('button', { type: 'button', class: 'secondary', onclick: () => { index -= 1; load(); } }, '‹ Previous');
    const next = el('button', { type: 'button', class: 'secondary', onclick: () => { cursors[index + 1] = nextCursor; index += 1; load(); } }, 'Next ›');
    async function load() {
      await act(null, status, async () => {
        const page = await get(`/users${query({ limit: PAGE, cursor: cursors[index] })}`);
        nextCursor = page.cursor || null;
        replace(body, table(['Username', 'Nickname', 'Created', 'Active', ''], (page.entities || []).map((user) => [
          user.username, user.nickname || '', formatTime(user.created), badge(user.activated, 'active', 'banned'),
          el('button', { type: 'button', class: 'secondary', onclick: () => open(user.username) }, 'Open')])));
        previous.disabled = index === 0;
        next.disabled = !nextCursor;
      });
    }
    return { node: el('div', {}, body, el('div', { class: 'pager' }, previous, next), status.node), reload: load };
  })();

  const register = (() => {
    if (!admin) return null;
    const status = statusLine();
    const name = field('Username', { name: 'username', autocomplete: 'off', required: true, id: 'register-username' });
    const nickname = field('Nickname (optional)', { name: 'nickname', autocomplete: 'off', id: 'register-nickname' });
    const button = el('button', { type: 'submit', id: 'register-go' }, 'Register');
    const form = el('form', { class: 'inline', onsubmit: (event) => {
      event.preventDefault();
      act(button, status, async () => {
        const body = { username: name.input.value.trim() };
        if (nickname.input.value.trim()) body.nickname = nickname.input.value.trim();
        await post('/users', body);
        status.ok(`${body.username} was registered.`);
        name.input.value = '';
        nickname.input.value = '';
        users.reload();
      });
    } }, name.wrap, nickname.wrap, button);
    return el('div', { class: 'panel' }, el('h3', {}, 'Register a user'), form, status.node);
  })();

  replace(container, el('h2', { id: 'title-users' }, 'Users'),
    el('div', { class: 'panel' }, el('h3', {}, 'Find a user'), findForm, findStatus.node, detail),
    register,
    el('div', { class: 'panel' }, el('h3', {}, 'All users'), users.node));
  users.reload();
  return null;
}
