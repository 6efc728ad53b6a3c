// Small inline SVG line charts, drawn here from the samples the overview keeps.

const SVG = 'http://www.w3.org/2000/svg';

function svg(tag, attributes = {}) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  return node;
}

/**
 * A line chart of `values` (numbers, oldest first) in a 300×70 viewBox, scaled to its maximum.
 * `label` names the chart for screen readers.
 */
export function lineChart(values, label) {
  const width = 300;
  const height = 70;
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img',
    'aria-label': label, preserveAspectRatio: 'none' });
  const title = svg('title');
  title.textContent = label;
  chart.append(title);
  chart.append(svg('line', { x1: 0, y1: height - 1, x2: width, y2: height - 1, class: 'axis' }));
  if (values.length < 2) return chart;
  const max = Math.max(1, ...values);
  const step = width / (values.length - 1);
  const points = values.map((value, index) =>
    `${(index * step).toFixed(1)},${(height - 2 - (value / max) * (height - 6)).toFixed(1)}`);
  chart.append(svg('polygon', { points: `0,${height - 1} ${points.join(' ')} ${width},${height - 1}`, class: 'area' }));
  chart.append(svg('polyline', { points: points.join(' ') }));
  return chart;
}
