import { esc } from './html-escape.js';

/** One bar: its label under the axis, its value (for height), its colour class and a tooltip. */
export interface Bar {
  label: string;
  value: number;
  tone: 'ok' | 'warn';
  title: string;
}

/** A small inline SVG bar chart (no script, prints as vectors); negative values hang below the zero line. */
export function svgBarChart(bars: readonly Bar[], caption: string, scale: (v: number) => string, width = 1000, height = 200): string {
  const pad = { left: 90, right: 8, top: 12, bottom: 26 };
  const max = Math.max(0, ...bars.map((b) => b.value));
  const min = Math.min(0, ...bars.map((b) => b.value));
  const span = max - min || 1;
  const plotH = height - pad.top - pad.bottom;
  const step = (width - pad.left - pad.right) / Math.max(1, bars.length);
  const y = (v: number): number => pad.top + ((max - v) / span) * plotH;
  const every = Math.max(1, Math.ceil(bars.length / 12));
  const parts = bars.map((b, i) => {
    const x = pad.left + i * step + step * 0.1;
    const top = Math.min(y(b.value), y(0));
    const h = Math.max(0.5, Math.abs(y(b.value) - y(0)));
    const label = i % every === 0 ? `<text x="${(x + step * 0.4).toFixed(1)}" y="${height - 8}" text-anchor="middle">${esc(b.label)}</text>` : '';
    return `<rect class="${b.tone}" x="${x.toFixed(1)}" y="${top.toFixed(1)}" width="${(step * 0.8).toFixed(1)}" height="${h.toFixed(1)}"><title>${esc(b.title)}</title></rect>${label}`;
  });
  return `<svg class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(caption)}">`
    + `<text class="scale" x="${pad.left - 6}" y="${(y(max) + 4).toFixed(1)}" text-anchor="end">${esc(scale(max))}</text>`
    + (min < 0 ? `<text class="scale" x="${pad.left - 6}" y="${(y(min) + 4).toFixed(1)}" text-anchor="end">${esc(scale(min))}</text>` : '')
    + `<line x1="${pad.left}" x2="${width - pad.right}" y1="${y(max).toFixed(1)}" y2="${y(max).toFixed(1)}" class="grid"/>`
    + `<line x1="${pad.left}" x2="${width - pad.right}" y1="${y(0).toFixed(1)}" y2="${y(0).toFixed(1)}" class="axis"/>${parts.join('')}</svg>`;
}
