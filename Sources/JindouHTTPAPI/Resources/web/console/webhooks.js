// Webhooks: state per event (queue, lag, deliveries, failures, last error), dead letters and
// their replay, and a replay of a channel's messages to msg.notify.

import { get, post } from './api.js';
import { act, el, field, formatTime, replace, statusLine, table } from './ui.js';

export function mount(container, session) {
  const admin = session.can('admin');
  const status = statusLine();
  const body = el('div', { id: 'webhook-status' });
  const refreshButton = el('button', { type: 'button', class: 'secondary', id: 'webhooks-refresh', onclick: () => load() }, 'Refresh');

  async function load() {
    await act(refreshButton, status, async () => {
      const state = await get('/webhooks');
      if (!state.enabled) {
        replace(body, el('p', {}, 'Webhooks are off: no webhook_url is configured.'));
        return;
      }
      const replayStatus = statusLine();
      replace(body, el('p', {}, 'Endpoint: ', el('code', {}, state.url || '')),
        table(['Event', 'Sent', 'Queue', 'Lag', 'Delivered', 'Failed attempts', 'Retries in flight', 'Last success',
          'Last error', 'Dead letters', ''], Object.entries(state.events).map(([name, event]) => [
          el('code', {}, name), event.enabled ? 'yes' : 'no', String(event.queue_depth), `${event.lag_seconds.toFixed(1)} s`,
          `${event.delivered_requests} requests, ${event.delivered_items} items`, String(event.failed_attempts),
          String(event.in_flight_retries), formatTime(event.last_success_at),
          event.last_error ? el('span', {}, event.last_error, ' (', formatTime(event.last_error_at), ')') : '—',
          el('span', { class: event.dead_letters ? 'badge warn' : 'badge' }, String(event.dead_letters)),
          admin && event.dead_letters ? replayButton(name, replayStatus) : '',
        ])), replayStatus.node);
    });
  }

  function replayButton(event, replayStatus) {
    const button = el('button', { type: 'button', dataset: { replay: event }, onclick: () => act(button, replayStatus, async () => {
      const answer = await post('/webhooks/replay', { dead_letters: true, event });
      replayStatus.ok(`${answer.queued} dead letter(s) of ${event} queued again.`);
      await load();
    }) }, 'Replay dead letters');
    return button;
  }

  let replayChannel = null;
  if (admin) {
    const state = statusLine();
    const id = field('Channel id', { id: 'replay-channel', autocomplete: 'off', required: true });
    const type = field('Type', { type: 'number', id: 'replay-type', min: '1', max: '255', value: '2', required: true });
    const start = field('From seq', { type: 'number', id: 'replay-start', min: '1', required: true });
    const end = field('To seq', { type: 'number', id: 'replay-end', min: '1', required: true });
    const go = el('button', { type: 'submit', id: 'replay-go' }, 'Replay to msg.notify');
    replayChannel = el('div', { class: 'panel' }, el('h3', {}, 'Replay a channel\'s messages'),
      el('form', { class: 'inline', onsubmit: (event) => {
        event.preventDefault();
        act(go, state, async () => {
          const answer = await post('/webhooks/replay', { channel_id: id.input.value.trim(), channel_type: Number(type.input.value),
            start_seq: Number(start.input.value), end_seq: Number(end.input.value) });
          state.ok(`${answer.queued} message(s) queued for msg.notify.`);
        });
      } }, id.wrap, type.wrap, start.wrap, end.wrap, go), state.node);
  }

  replace(container, el('h2', { id: 'title-webhooks' }, 'Webhooks'),
    el('div', { class: 'panel' }, el('div', { class: 'actions' }, refreshButton), status.node, body), replayChannel);
  load();
  return null;
}
