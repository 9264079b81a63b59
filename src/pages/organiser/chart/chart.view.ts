import { formatMoney } from '../../../money';
import { Html, html, raw } from '../../shared/html';
import type { ChartPoint } from '../../../donations/appeal-chart.service';

export interface ChartModel {
  points: ChartPoint[];
  currency: string;
  target: number;
  stretchTargets: number[];
  /** The time axis: from the appeal's start (or first gift) to now or its closing date. */
  from: Date;
  to: Date;
}

const W = 720,
  H = 260,
  LEFT = 84,
  RIGHT = 16,
  TOP = 16,
  BOTTOM = 30;
const DAY = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const WHEN = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
const fmt = (minor: number, currency: string) => formatMoney(minor, currency, 'en-US', { noDecimalsWhenWhole: true });
const n = (x: number) => x.toFixed(1);
/** Dates along the time axis; with times when the whole axis spans less than two days. */
const axisDate = (d: Date, other: Date) =>
  Math.abs(d.getTime() - other.getTime()) < 2 * 86400_000 ? `${WHEN.format(d)} UTC` : DAY.format(d);

/** Scales for the model: money up the y axis, time along x. */
function scales(m: ChartModel) {
  const totals = m.points.map((p) => p.total);
  const top = Math.max(m.target, ...totals, 1);
  const stretchShown = m.stretchTargets.filter((s, i) => s <= top || i === m.stretchTargets.findIndex((t) => t > top));
  const yMax = Math.max(top, ...stretchShown) * 1.08;
  // At least an hour wide, ending at `to`, so a young appeal's first gifts sit at the right edge.
  const t0 = Math.min(m.from.getTime(), m.to.getTime() - 3600_000);
  const span = m.to.getTime() - t0;
  return {
    x: (d: Date) => LEFT + ((d.getTime() - t0) / span) * (W - LEFT - RIGHT),
    y: (v: number) => TOP + (1 - v / yMax) * (H - TOP - BOTTOM),
    yMax,
    stretchShown,
    x0: LEFT,
    from: new Date(t0),
  };
}

function targetLine(y: number, cls: string, label: string): Html {
  return html`<line class="${cls}" x1="${LEFT}" x2="${W - RIGHT}" y1="${n(y)}" y2="${n(y)}"/><text x="${W - RIGHT}" y="${n(y - 4)}" text-anchor="end">${label}</text>`;
}

function totalPath(m: ChartModel, s: ReturnType<typeof scales>): { line: string; area: string } {
  let d = `M${n(s.x0)},${n(s.y(0))}`;
  for (const p of m.points) d += ` H${n(s.x(p.at))} V${n(s.y(p.total))}`;
  d += ` H${n(s.x(m.to))}`;
  return { line: d, area: `${d} V${n(s.y(0))} Z` };
}

function describe(m: ChartModel): string {
  const last = m.points.at(-1);
  if (!last) return `No gifts yet. Target ${fmt(m.target, m.currency)}.`;
  return (
    `Cumulative total ${fmt(last.total, m.currency)} on ${WHEN.format(last.at)} UTC, against a target of ${fmt(m.target, m.currency)}` +
    `${m.stretchTargets.length ? ` (stretch targets ${m.stretchTargets.map((t) => fmt(t, m.currency)).join(', ')})` : ''}; ${m.points.length} points.`
  );
}

/** A static SVG (no script needed): the cumulative total as a step line against the targets. */
export function chartSvg(m: ChartModel): Html {
  const s = scales(m);
  const { line, area } = totalPath(m, s);
  const dots = m.points.map(
    (p) =>
      html`<circle class="point" cx="${n(s.x(p.at))}" cy="${n(s.y(p.total))}" r="3"><title>${WHEN.format(p.at)} UTC: ${fmt(p.total, m.currency)}</title></circle>`,
  );
  const last = m.points.at(-1);
  return html`<svg viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="chart-title chart-desc" data-points="${m.points.length}" data-last-total="${last?.total ?? 0}">
<title id="chart-title">Cumulative total over time</title>
<desc id="chart-desc">${describe(m)}</desc>
<line class="axis" x1="${LEFT}" x2="${LEFT}" y1="${TOP}" y2="${H - BOTTOM}"/><line class="axis" x1="${LEFT}" x2="${W - RIGHT}" y1="${H - BOTTOM}" y2="${H - BOTTOM}"/>
<text x="${LEFT - 6}" y="${n(s.y(0) + 4)}" text-anchor="end">${fmt(0, m.currency)}</text>
<text x="${LEFT - 6}" y="${n(s.y(s.yMax / 1.08) + 4)}" text-anchor="end">${fmt(Math.round(s.yMax / 1.08), m.currency)}</text>
<text x="${LEFT}" y="${H - 8}">${axisDate(s.from, m.to)}</text><text x="${W - RIGHT}" y="${H - 8}" text-anchor="end">${axisDate(m.to, s.from)}</text>
${targetLine(s.y(m.target), 'target', `Target ${fmt(m.target, m.currency)}`)}
${s.stretchShown.map((t) => targetLine(s.y(t), 'stretch', `Stretch ${fmt(t, m.currency)}`))}
<path class="area" d="${raw(area)}"/><path class="total" d="${raw(line)}"/>
${dots}
</svg>`;
}

/** The same data as a table, for screen readers and for exact figures. */
export function chartTable(m: ChartModel): Html {
  if (!m.points.length) return html`<p class="muted">No gifts yet.</p>`;
  const rows = m.points.map((p) => html`<tr><td>${WHEN.format(p.at)} UTC</td><td class="num">${fmt(p.total, m.currency)}</td></tr>`);
  return html`<details><summary>Chart data</summary><div class="table-wrap"><table><thead><tr><th scope="col">When</th><th scope="col" class="num">Cumulative total</th></tr></thead><tbody>${rows}</tbody></table></div></details>`;
}
