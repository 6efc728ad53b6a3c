// System users: the list with online state, devices, last activity and the protected flag; add;
// remove one or many, the server's dry-run report first, with a required reason (audited).

import { get, post } from './api.js';
import { act, badge, el, field, formatTime, pager, replace, splitUIDs, statusLine, table } from './ui.js';

export function mount(container, session) {
  const admin = session.can('admin');
  const listStatus = statusLine();
  const selected = new Set();
  const removal = el('div', { id: 'sysuser-removal' });
  const removeButton = el('button', { type: 'button', class: 'danger', id: 'sysuser-remove', disabled: true,
    onclick: () => preview([...selected]) }, 'Remove selected…');
  const count = el('span', { class: 'page-info', id: 'sysuser-selected' });

  function updateSelection() {
    removeButton.disabled = selected.size === 0;
    replace(count, selected.size ? `${selected.size} selected` : '');
  }

  const list = pager((rows) => table(
    [admin ? 'Select' : null, 'Uid', 'Online', 'Devices', 'Last activity', 'Protected'].filter(Boolean),
    rows.map((user) => [
      admin ? el('input', { type: 'checkbox', 'aria-label': `Select ${user.uid}`, dataset: { uid: user.uid },
        checked: selected.has(user.uid), disabled: user.protected,
        onchange: (event) => { if (event.target.checked) selected.add(user.uid); else selected.delete(user.uid); updateSelection(); } })
        : null,
      user.uid, badge(user.online, `online (${user.connections})`, 'offline'), String(user.devices),
      formatTime(user.last_active_at), user.protected ? el('span', { class: 'badge warn' }, 'protected') : 'no',
    ].filter((cell) => cell !== null))), 25, 'system users');

  async function load() {
    await act(null, listStatus, async () => {
      const users = await get('/user/systemuids?detail=1');
      for (const uid of [...selected]) if (!users.some((u) => u.uid === uid)) selected.delete(uid);
      list.show(users, true);
      updateSelection();
    });
  }

  async function preview(uids) {
    const status = statusLine();
    const box = el('div', { class: 'confirm' });
    replace(removal, box);
    await act(removeButton, status, async () => {
      const report = await post('/user/systemuids_remove', { uids, dry_run: true });
      const reason = field('Reason (required, kept in the audit log)', { id: 'sysuser-reason', autocomplete: 'off' });
      const go = el('button', { type: 'button', class: 'danger', id: 'sysuser-remove-go', disabled: true,
        onclick: () => act(go, status, async () => {
          await post('/user/systemuids_remove', { uids, reason: reason.input.value.trim() });
          for (const uid of uids) selected.delete(uid);
          replace(removal, el('p', { class: 'status ok', id: 'sysuser-removed' },
            `Removed ${uids.length} system user${uids.length === 1 ? '' : 's'}: ${uids.join(', ')}.`));
          await load();
        }) }, `Remove ${uids.length} system user${uids.length === 1 ? '' : 's'}`);
      reason.input.addEventListener('input', () => { go.disabled = !report.removable || !reason.input.value.trim(); });
      replace(box, el('h4', {}, 'Dry run: what the removal would do'),
        table(['Uid', 'System user', 'Online', 'Devices', 'Last activity', 'Protected'], report.uids.map((u) => [
          u.uid, badge(u.is_system_user), badge(u.online, `online (${u.connections})`, 'offline'), String(u.devices),
          formatTime(u.last_active_at), u.protected ? el('span', { class: 'badge warn' }, 'protected') : 'no'])),
        el('p', { id: 'sysuser-removable' }, report.removable
          ? 'Nothing has changed yet. Each uid loses the system user\'s privileges as soon as you confirm.'
          : 'These uids cannot be removed as they are (not system users, or protected): the server would refuse.'),
        reason.wrap,
        el('div', { class: 'actions' }, go, el('button', { type: 'button', class: 'secondary', onclick: () => replace(removal) }, 'Cancel')),
        status.node);
      reason.input.focus();
    });
    if (!box.firstChild) box.append(status.node);
  }

  let add = null;
  if (admin) {
    const status = statusLine();
    const uids = field('Uids (comma or space separated)', { id: 'sysuser-add-uids', autocomplete: 'off', required: true });
    const reason = field('Reason (optional)', { id: 'sysuser-add-reason', autocomplete: 'off' });
    const button = el('button', { type: 'submit', id: 'sysuser-add' }, 'Add');
    add = el('div', { class: 'panel' }, el('h3', {}, 'Add system users'),
      el('form', { class: 'inline', onsubmit: (event) => {
        event.preventDefault();
        act(button, status, async () => {
          const list = splitUIDs(uids.input.value);
          const body = { uids: list };
          if (reason.input.value.trim()) body.reason = reason.input.value.trim();
          await post('/user/systemuids_add', body);
          status.ok(`Added ${list.join(', ')}.`);
          uids.input.value = '';
          await load();
        });
      } }, uids.wrap, reason.wrap, button), status.node);
  }

  replace(container, el('h2', { id: 'title-system-users' }, 'System users'),
    el('p', { class: 'hint' }, 'System users bypass channels\' sender checks. Protected ones (protected_system_uids) cannot be removed.'),
    add,
    el('div', { class: 'panel' }, el('h3', {}, 'System users'),
      admin ? el('div', { class: 'actions' }, removeButton, count) : null,
      listStatus.node, list.node, removal));
  load();
  return null;
}
