/** One line of the results: a figure next to its same-run baseline and the ratio between them. */
export interface Result {
  bench: string;
  case: string;
  value: number;
  unit: string;
  baseline: number;
  baselineLabel: string;
  /** How the goal reads, e.g. ">= 0.7x" or "< 250 ms". */
  goal: string;
  /** The ratio (value / baseline) unless the goal is about the value itself. */
  ratio: number;
  pass: boolean;
  note?: string;
}

const fmt = (n: number): string =>
  !Number.isFinite(n) ? String(n) : Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(2);

/** A Markdown table, ready to paste into the README's Reliability section. */
export function resultsTable(results: Result[]): string {
  const lines = ['| benchmark | case | measured | same-run baseline | ratio | goal | |', '|---|---|---|---|---|---|---|'];
  for (const r of results) {
    lines.push(
      `| ${r.bench} | ${r.case} | ${fmt(r.value)} ${r.unit} | ${fmt(r.baseline)} ${r.unit} (${r.baselineLabel}) | ${fmt(r.ratio)}x | ${r.goal} | ${r.pass ? 'met' : '**missed**'}${r.note ? `; ${r.note}` : ''} |`,
    );
  }
  return lines.join('\n');
}

export function printResult(r: Result): void {
  console.log(
    `  ${r.bench} / ${r.case}: ${fmt(r.value)} ${r.unit} vs ${fmt(r.baseline)} ${r.unit} (${r.baselineLabel}) = ${fmt(r.ratio)}x, goal ${r.goal}: ${r.pass ? 'met' : 'MISSED'}${r.note ? ` (${r.note})` : ''}`,
  );
}
