// `haven analysis evaluate`: the CLI side of the early-warning evaluation (flags in, a summary
// and the JSON report out).
import { writeFileSync } from 'node:fs';
import type { CoreServices } from '../../core/module.ts';
import { type EvaluationOptions, type EvaluationReport, evaluateWarnings } from './warning-evaluation.ts';

type Flags = Record<string, string | undefined>;

function num(flags: Flags, name: string): number | undefined {
  const v = flags[name];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n))
    throw new Error(`--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} must be a number`);
  return n;
}

/** Evaluation options from CLI flags; throws an Error naming the bad flag. */
export function evaluationOptionsFromFlags(flags: Flags): EvaluationOptions {
  if (!flags.from || !flags.to) throw new Error('--from and --to are required (YYYY-MM-DD)');
  let bbox: EvaluationOptions['bbox'];
  if (flags.bbox) {
    const b = flags.bbox.split(',').map(Number);
    if (b.length !== 4 || b.some((x) => !Number.isFinite(x)) || b[0]! >= b[2]! || b[1]! >= b[3]!)
      throw new Error('--bbox must be west,south,east,north');
    bbox = b as [number, number, number, number];
  }
  const methods = (flags.methods ?? 'scan,ewma').split(',').map((m) => m.trim());
  if (methods.some((m) => m !== 'scan' && m !== 'ewma')) throw new Error('--methods is a list of scan, ewma');
  return {
    from: flags.from,
    to: flags.to,
    ...(flags.jurisdiction ? { jurisdiction: flags.jurisdiction } : {}),
    ...(bbox ? { bbox } : {}),
    methods: methods as ('scan' | 'ewma')[],
    resolution: num(flags, 'resolution'),
    replicates: num(flags, 'replicates'),
    scanRecurrenceDays: num(flags, 'scanRecurrence'),
    ewmaRecurrenceDays: num(flags, 'ewmaRecurrence'),
    ewmaLambda: num(flags, 'lambda'),
    injections: num(flags, 'inject'),
    casesPerDay: num(flags, 'casesPerDay'),
    durationDays: num(flags, 'duration'),
    radiusK: num(flags, 'radius'),
    seed: num(flags, 'seed'),
  };
}

/** One line per method: detection rate, delay, false alarms per month. */
export function evaluationSummary(r: EvaluationReport): string {
  const lines = [`${r.from} … ${r.to}: ${r.incidents} incidents in ${r.cells} cells (res ${r.resolution})`];
  for (const [name, m] of [
    ['scan', r.scan],
    ['ewma', r.ewma],
  ] as const) {
    if (!m) continue;
    const found = m.injected.clusters.filter((c) => c.detected !== null).length;
    lines.push(
      `${name}: detected ${found}/${m.injected.clusters.length} injected clusters, mean delay ${m.injected.meanDelayDays?.toFixed(1) ?? '–'} days; ` +
        `stationary replay ${m.stationary.alarms} alarms = ${m.stationary.falseAlarmsPerMonth.toFixed(2)} per month (${m.seconds.toFixed(1)} s)`,
    );
  }
  return lines.join('\n');
}

/** Runs the evaluation from CLI flags; prints the JSON (or writes it to --out); returns the exit code. */
export async function evaluateWarningsCommand(services: CoreServices, flags: Flags): Promise<number> {
  let options: EvaluationOptions;
  try {
    options = evaluationOptionsFromFlags(flags);
  } catch (err) {
    console.error((err as Error).message);
    return 1;
  }
  const report = await evaluateWarnings(services.database, options);
  const json = JSON.stringify(report, null, 2);
  if (flags.out) {
    writeFileSync(flags.out, `${json}\n`);
    console.log(evaluationSummary(report));
    console.log(`Report written to ${flags.out}`);
  } else console.log(json);
  return 0;
}
