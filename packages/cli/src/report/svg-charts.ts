import { esc } from './html-parts';

export interface Point {
  readonly x: number;
  readonly y: number;
  readonly label: string;
  readonly highlight?: boolean;
}

const W = 760;
const H = 280;
const PAD = { l: 48, r: 16, t: 24, b: 40 };

function ticks(max: number, n = 5): number[] {
  return Array.from({ length: n + 1 }, (_, i) => (max * i) / n);
}

/**
 * Score per trial over time: each trial a point (x = seconds since start, y = score 0-100),
 * the running best as a step line, the best trial highlighted.
 */
export function scoreOverTimeChart(points: readonly Point[], title: string): string {
  const maxX = Math.max(1, ...points.map((p) => p.x));
  const sx = (x: number) => PAD.l + (x / maxX) * (W - PAD.l - PAD.r);
  const sy = (y: number) => H - PAD.b - (y / 100) * (H - PAD.t - PAD.b);
  const grid = ticks(100)
    .map(
      (t) =>
        `<line x1="${PAD.l}" x2="${W - PAD.r}" y1="${sy(t)}" y2="${sy(t)}" stroke="#eef0f3"/><text x="${PAD.l - 6}" y="${sy(t) + 4}" text-anchor="end" font-size="11" fill="#667085">${t}</text>`,
    )
    .join('');
  const xTicks = ticks(maxX, 4)
    .map(
      (t) =>
        `<text x="${sx(t)}" y="${H - PAD.b + 16}" text-anchor="middle" font-size="11" fill="#667085">${(t / 1000).toFixed(1)}s</text>`,
    )
    .join('');
  let best = -Infinity;
  const steps: string[] = [];
  for (const p of points) {
    if (p.y > best) {
      if (steps.length) steps.push(`L${sx(p.x)},${sy(best)}`);
      best = p.y;
      steps.push(`${steps.length ? 'L' : 'M'}${sx(p.x)},${sy(best)}`);
    }
  }
  if (points.length) steps.push(`L${sx(maxX)},${sy(best)}`);
  const dots = points
    .map(
      (p) =>
        `<circle cx="${sx(p.x)}" cy="${sy(p.y)}" r="${p.highlight ? 7 : 5}" fill="${p.highlight ? '#12805c' : '#3559e0'}" fill-opacity="0.85"><title>${esc(p.label)}: ${p.y}</title></circle>`,
    )
    .join('');
  return `<svg role="img" aria-label="${esc(title)}" width="100%" viewBox="0 0 ${W} ${H}" xmlns="http://www.w3.org/2000/svg">
<text class="chart-title" x="${PAD.l}" y="16">${esc(title)}</text>${grid}${xTicks}
<text x="${W / 2}" y="${H - 6}" text-anchor="middle" font-size="11" fill="#667085">time since start</text>
<path d="${steps.join(' ')}" fill="none" stroke="#12805c" stroke-width="2" stroke-dasharray="5 3"/>${dots}</svg>`;
}

/** Horizontal bars, one per label (LM calls per phase, score buckets...). */
export function barChart(
  bars: readonly { label: string; value: number; color?: string }[],
  title: string,
  unit = '',
): string {
  const rowH = 26;
  const height = PAD.t + bars.length * rowH + 12;
  const labelW = 170;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const scale = (v: number) => (v / max) * (W - labelW - 90);
  const rows = bars
    .map((b, i) => {
      const y = PAD.t + i * rowH;
      return `<text x="${labelW - 8}" y="${y + 16}" text-anchor="end" font-size="12" fill="#1d2433">${esc(b.label)}</text>
<rect x="${labelW}" y="${y + 4}" width="${Math.max(1, scale(b.value))}" height="16" rx="3" fill="${b.color ?? '#3559e0'}"/>
<text x="${labelW + scale(b.value) + 6}" y="${y + 16}" font-size="12" fill="#667085">${esc(String(b.value))}${esc(unit)}</text>`;
    })
    .join('');
  return `<svg role="img" aria-label="${esc(title)}" width="100%" viewBox="0 0 ${W} ${height}" xmlns="http://www.w3.org/2000/svg"><text class="chart-title" x="8" y="16">${esc(title)}</text>${rows}</svg>`;
}
