/** The value below which `p` percent of the samples fall (nearest rank). */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

export const median = (samples: readonly number[]): number => percentile(samples, 50);

export interface Row {
  what: string;
  setting: string;
  measured: string;
  baseline: string;
  ratio: string;
  goal: string;
  met: boolean;
}

export const ms = (value: number): string => `${value < 10 ? value.toFixed(2) : value.toFixed(0)} ms`;
export const times = (value: number): string => `${value.toFixed(2)}×`;

/** The one Markdown table the benchmark prints. */
export function markdownTable(rows: readonly Row[]): string {
  const header = '| what | setting | measured (median) | baseline (same run) | ratio | goal | met |\n|---|---|---|---|---|---|---|';
  return [
    header,
    ...rows.map(
      (r) => `| ${r.what} | ${r.setting} | ${r.measured} | ${r.baseline} | ${r.ratio} | ${r.goal} | ${r.met ? 'yes' : '**no**'} |`,
    ),
  ].join('\n');
}
