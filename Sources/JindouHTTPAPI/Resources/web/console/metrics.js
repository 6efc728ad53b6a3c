// Reads the Prometheus text exposition of /metrics into { name: [{ labels, value }] }.

export function parseMetrics(text) {
  const metrics = {};
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([^}]*)\})?\s+(\S+)/.exec(line);
    if (!match) continue;
    const labels = {};
    if (match[3]) {
      for (const pair of match[3].matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[pair[1]] = pair[2];
    }
    (metrics[match[1]] ||= []).push({ labels, value: Number(match[4]) });
  }
  return metrics;
}

/** The sum of a metric's samples (optionally only those whose labels match `filter`). */
export function total(metrics, name, filter = {}) {
  return (metrics[name] || [])
    .filter((sample) => Object.entries(filter).every(([key, value]) => sample.labels[key] === value))
    .reduce((sum, sample) => sum + sample.value, 0);
}
