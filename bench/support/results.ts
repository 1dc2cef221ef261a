import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One figure of a benchmark run; the shape every `bench/results/<name>.json` holds. */
export interface BenchRow {
  metric: string;
  value: number;
  unit: string;
  baseline: number | null;
  ratio: number | null;
  db: 'pglite' | 'postgres' | null;
  params: Record<string, unknown>;
}

const resultsDir = resolve(dirname(fileURLToPath(import.meta.url)), '../results');

/** Writes the rows of one benchmark as `bench/results/<name>.json` and echoes them. */
export function writeResults(name: string, rows: BenchRow[]): void {
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(resolve(resultsDir, `${name}.json`), `${JSON.stringify(rows, null, 2)}\n`);
  for (const r of rows) {
    const ratio = r.ratio === null ? '' : ` (ratio ${r.ratio.toFixed(2)} vs baseline ${r.baseline})`;
    console.log(`${name}: ${r.metric} = ${r.value} ${r.unit}${ratio}${r.db ? ` [${r.db}]` : ''}`);
  }
}

/** p-th percentile (0..100) of a sample, nearest-rank. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}
