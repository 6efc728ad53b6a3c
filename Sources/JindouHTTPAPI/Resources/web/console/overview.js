// Overview: identity, uptime, store and nodes, connections by transport, message rates, webhook
// lag and failures, rate-limit refusals, refreshed every few seconds with charts of the last minutes.

import { get } from './api.js';
import { lineChart } from './chart.js';
import { parseMetrics, total } from './metrics.js';
import { el, formatDuration, formatTime, replace, statusLine, table } from './ui.js';

const INTERVAL_MS = 3000;
const KEEP = 200; // ten minutes of samples

// Kept across visits of the view, so the charts do not start over.
const history = { time: [], connections: [], inRate: [], outRate: [], refusals: [] };
let last = null;

function remember(key, value) {
  history[key].push(value);
  if (history[key].length > KEEP) history[key].shift();
}

async function settle(promise) {
  try { return { value: await promise }; } catch (error) { return { error }; }
}

async function sample() {
  const [varz, connz, metricsText, nodes, webhooks] = await Promise.all([
    settle(get('/varz')), settle(get('/connz?limit=1000')), settle(get('/metrics', { raw: true })),
    settle(get('/cluster/nodes')), settle(get('/webhooks')),
  ]);
  return { varz, connz, metrics: metricsText.value ? { value: parseMetrics(metricsText.value) } : metricsText,
    nodes, webhooks, at: Date.now() };
}

function stat(label, value, id) {
  return el('div', { class: 'panel' }, el('div', { class: 'stat-label' }, label),
    el('div', { class: 'stat', id }, value));
}

function failure(result, what) {
  return el('p', { class: 'status error', role: 'alert', dataset: { status: String(result.error.status || '') } },
    `${what}: ${result.error.describe ? result.error.describe() : result.error.message}`);
}

export function mount(container) {
  const status = statusLine();
  const body = el('div');
  replace(container, el('h2', { id: 'title-overview' }, 'Overview'),
    el('p', { class: 'hint' }, `Refreshed every ${INTERVAL_MS / 1000} s. Charts show the last ten minutes.`),
    status.node, body);

  async function refresh() {
    const s = await sample();
    if (s.varz.error) {
      status.error(s.varz.error);
      return;
    }
    status.clear();
    const varz = s.varz.value;
    const metrics = s.metrics.value;
    let inRate = 0;
    let outRate = 0;
    let refusalRate = 0;
    if (metrics) {
      const counters = {
        stored: total(metrics, 'jindou_messages_stored_total'),
        delivered: total(metrics, 'jindou_deliveries_total'),
        refused: total(metrics, 'jindou_rate_limited_total'),
      };
      if (last) {
        const seconds = Math.max(0.001, (s.at - last.at) / 1000);
        inRate = Math.max(0, (counters.stored - last.stored) / seconds);
        outRate = Math.max(0, (counters.delivered - last.delivered) / seconds);
        refusalRate = Math.max(0, (counters.refused - last.refused) * 60 / seconds);
      }
      last = { ...counters, at: s.at };
    }
    remember('time', s.at);
    remember('connections', varz.connections);
    remember('inRate', inRate);
    remember('outRate', outRate);
    remember('refusals', refusalRate);

    const byTransport = {};
    if (s.connz.value) {
      for (const connection of s.connz.value.connections) {
        byTransport[connection.transport] = (byTransport[connection.transport] || 0) + 1;
      }
    }
    let transports = Object.keys(byTransport).length
      ? Object.entries(byTransport).map(([name, count]) => `${name}: ${count}`).join(' · ')
      : 'none';
    if (s.connz.value && s.connz.value.total > s.connz.value.connections.length) {
      transports += ` (of the first ${s.connz.value.connections.length})`;
    }

    const identity = el('div', { class: 'panel' }, el('h3', {}, 'Server'),
      el('dl', { class: 'kv' },
        el('dt', {}, 'Version'), el('dd', { id: 'ov-version' }, varz.version),
        el('dt', {}, 'Node'), el('dd', {}, String(varz.node_id)),
        el('dt', {}, 'Started'), el('dd', {}, formatTime(varz.start, true)),
        el('dt', {}, 'Uptime'), el('dd', { id: 'ov-uptime' }, formatDuration(varz.uptime_seconds)),
        el('dt', {}, 'Store'), el('dd', {}, varz.store),
        el('dt', {}, 'Listeners'), el('dd', {}, `TCP ${varz.tcp_addr} · WS ${varz.ws_addr} · HTTP ${varz.http_addr}`),
        el('dt', {}, 'Channels'), el('dd', {}, String(varz.channels)),
        el('dt', {}, 'System users'), el('dd', {}, String(varz.system_uids))));

    const rates = el('div', { class: 'grid' },
      el('div', { class: 'panel' }, el('div', { class: 'stat-label' }, 'Connections'),
        el('div', { class: 'stat', id: 'ov-connections' }, String(varz.connections)),
        el('div', { class: 'stat-label', id: 'ov-transports' }, transports),
        lineChart(history.connections, 'Connections over the last minutes')),
      el('div', { class: 'panel' }, el('div', { class: 'stat-label' }, 'Messages in (stored) per second'),
        el('div', { class: 'stat', id: 'ov-in' }, metrics ? inRate.toFixed(1) : '—'),
        lineChart(history.inRate, 'Messages stored per second over the last minutes')),
      el('div', { class: 'panel' }, el('div', { class: 'stat-label' }, 'Messages out (delivered) per second'),
        el('div', { class: 'stat', id: 'ov-out' }, metrics ? outRate.toFixed(1) : '—'),
        lineChart(history.outRate, 'Deliveries per second over the last minutes')),
      el('div', { class: 'panel' }, el('div', { class: 'stat-label' }, 'Rate-limit refusals per minute'),
        el('div', { class: 'stat', id: 'ov-refusals' }, metrics ? refusalRate.toFixed(1) : '—'),
        metrics ? el('div', { class: 'stat-label' },
          (metrics.jindou_rate_limited_total || []).map((m) => `${m.labels.scope}: ${m.value}`).join(' · ') || 'none')
          : null,
        lineChart(history.refusals, 'Rate-limit refusals per minute over the last minutes')));

    const parts = [el('div', { class: 'grid' }, identity, nodesPanel(s.nodes)), rates, webhooksPanel(s.webhooks)];
    if (s.metrics.error) parts.push(failure(s.metrics, 'Metrics'));
    if (s.connz.error) parts.push(failure(s.connz, 'Connections'));
    replace(body, parts);
  }

  refresh();
  const timer = setInterval(refresh, INTERVAL_MS);
  return () => clearInterval(timer);
}

function nodesPanel(result) {
  const panel = el('div', { class: 'panel' }, el('h3', {}, 'Nodes'));
  if (result.error) {
    panel.append(failure(result, 'Nodes'));
    return panel;
  }
  panel.append(table(['Node', 'Live', 'Connections', 'Heartbeat'],
    result.value.nodes.map((node) => [
      `${node.node_id}${node.node_id === result.value.node_id ? ' (this)' : ''}`,
      el('span', { class: node.live ? 'badge on' : 'badge warn' }, node.live ? 'live' : 'down'),
      String(node.connections), `${node.heartbeat_age_ms} ms ago`])));
  return panel;
}

function webhooksPanel(result) {
  const panel = el('div', { class: 'panel' }, el('h3', {}, 'Webhooks'));
  if (result.error) {
    panel.append(failure(result, 'Webhook status'));
    return panel;
  }
  const status = result.value;
  if (!status.enabled) {
    panel.append(el('p', {}, 'Webhooks are off (no webhook_url).'));
    return panel;
  }
  panel.append(table(['Event', 'Lag', 'Queue', 'Failed attempts', 'Dead letters'],
    Object.entries(status.events).map(([name, event]) => [
      name, `${event.lag_seconds.toFixed(1)} s`, String(event.queue_depth), String(event.failed_attempts),
      el('span', { class: event.dead_letters ? 'badge warn' : 'badge' }, String(event.dead_letters))])));
  return panel;
}
