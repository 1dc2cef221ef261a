import { gridDisk, gridDiskDistances } from 'h3-js';
import { formatDay } from './civil-date.ts';
import { createRng, type Rng, randomInt } from './rng.ts';

/** One event for the scan: its H3 cell and its local day number (see `parseDay`). */
export interface ScanCase {
  cell: string;
  day: number;
}

/** Prospective space-time permutation scan options (Kulldorff et al. 2005). */
export interface SpaceTimeScanOptions {
  /** Day number of the analysis; windows end on this day (inclusive). */
  today: number;
  /** Study period length in days, ending today (the baseline the expectation comes from). */
  studyDays: number;
  /** Longest temporal window in days (windows are 1…max days ending today). */
  maxWindowDays: number;
  /** Largest spatial radius in H3 rings (cylinders are `gridDisk(centre, k)`, k = 0…max). */
  maxRadiusK: number;
  /** Monte-Carlo replicates. Default 999. */
  replicates?: number;
  seed?: number;
  /** Analyses run per day, for the recurrence interval. Default 1. */
  runsPerDay?: number;
  /** Fewest observed cases a cylinder needs to count. Default 2. */
  minCases?: number;
  /** Most clusters reported (most likely first, then non-overlapping secondaries). Default 10. */
  maxClusters?: number;
}

/** A space-time cluster (cylinder) found by the scan. */
export interface ScanCluster {
  centre: string;
  radiusK: number;
  cells: string[];
  /** First and last day number of the window, and its ISO dates. */
  startDay: number;
  endDay: number;
  start: string;
  end: string;
  windowDays: number;
  observed: number;
  expected: number;
  /** observed / expected. */
  relativeRisk: number;
  /** Poisson generalised log-likelihood ratio. */
  llr: number;
  /** Monte-Carlo p-value against the replicates' maximum LLR. */
  p: number;
  /** 1 / (p · runs per day), in days. */
  recurrenceDays: number;
}

/** Result of one prospective scan. */
export interface SpaceTimeScanResult {
  today: number;
  totalCases: number;
  replicates: number;
  clusters: ScanCluster[];
}

/** Precomputed marginals; they are fixed under permutation of the days. */
interface ScanModel {
  cells: string[];
  total: number;
  rings: number;
  windows: number;
  /** Cases per cylinder over the whole study period, [centre·rings + k]. */
  diskTotal: Float64Array;
  /** Cases of all cells in the last w days, [w − 1]. */
  windowTotal: Float64Array;
  /** For each cell: the centres whose disk holds it, and at which ring (CSR). */
  revStart: Int32Array;
  revCentre: Int32Array;
  revRing: Int32Array;
  /** Cell of every case and the ages (today − day) of the cases inside the longest window. */
  caseCell: Int32Array;
  recentCell: Int32Array;
  recentAge: Int32Array;
}

/** Per-cylinder constants (fixed under permutation), so replicates need no logarithm calls. */
interface CylinderTables {
  /** μ, ln μ and ln(C − μ) per cylinder [centre·rings·windows + k·windows + w]. */
  mu: Float64Array;
  lnMu: Float64Array;
  lnRest: Float64Array;
  /** x·ln x for x = 0…C. */
  xlnx: Float64Array;
  /** Scratch: per-centre (ring × age) counts, and a touched flag per centre. */
  acc: Float64Array;
  touched: Uint8Array;
}

function studyCases(cases: readonly ScanCase[], o: SpaceTimeScanOptions): ScanCase[] {
  const first = o.today - o.studyDays + 1;
  return cases.filter((c) => c.day >= first && c.day <= o.today);
}

function reverseDisks(cells: string[], index: Map<string, number>, rings: number) {
  const start = new Int32Array(cells.length + 1);
  const centre: number[] = [];
  const ring: number[] = [];
  cells.forEach((cell, z) => {
    gridDiskDistances(cell, rings - 1).forEach((ringCells, r) => {
      for (const c of ringCells) {
        const j = index.get(c);
        if (j === undefined) continue;
        centre.push(j);
        ring.push(r);
      }
    });
    start[z + 1] = centre.length;
  });
  return { revStart: start, revCentre: Int32Array.from(centre), revRing: Int32Array.from(ring) };
}

function buildModel(cases: readonly ScanCase[], o: SpaceTimeScanOptions): ScanModel {
  const inStudy = studyCases(cases, o);
  const index = new Map<string, number>();
  const cells: string[] = [];
  for (const c of inStudy) {
    if (index.has(c.cell)) continue;
    index.set(c.cell, cells.length);
    cells.push(c.cell);
  }
  const rings = o.maxRadiusK + 1;
  const windows = o.maxWindowDays;
  const caseCell = Int32Array.from(inStudy, (c) => index.get(c.cell)!);
  const cellTotal = new Float64Array(cells.length);
  for (const z of caseCell) cellTotal[z]! += 1;
  const rev = reverseDisks(cells, index, rings);
  const diskTotal = new Float64Array(cells.length * rings);
  cells.forEach((_, z) => {
    for (let e = rev.revStart[z]!; e < rev.revStart[z + 1]!; e++) {
      for (let k = rev.revRing[e]!; k < rings; k++)
        diskTotal[rev.revCentre[e]! * rings + k]! += cellTotal[z]!;
    }
  });
  const windowTotal = new Float64Array(windows);
  const recent = inStudy.map((c, i) => [i, o.today - c.day] as const).filter(([, age]) => age < windows);
  for (const [, age] of recent) for (let w = age; w < windows; w++) windowTotal[w]! += 1;
  return {
    cells,
    total: inStudy.length,
    rings,
    windows,
    diskTotal,
    windowTotal,
    ...rev,
    caseCell,
    recentCell: Int32Array.from(recent, ([i]) => caseCell[i]!),
    recentAge: Int32Array.from(recent, ([, age]) => age),
  };
}

function buildTables(m: ScanModel): CylinderTables {
  const size = m.cells.length * m.rings * m.windows;
  const mu = new Float64Array(size);
  const lnMu = new Float64Array(size);
  const lnRest = new Float64Array(size);
  for (let c = 0; c < m.cells.length; c++) {
    for (let k = 0; k < m.rings; k++) {
      for (let w = 0; w < m.windows; w++) {
        const i = (c * m.rings + k) * m.windows + w;
        mu[i] = (m.diskTotal[c * m.rings + k]! * m.windowTotal[w]!) / m.total;
        lnMu[i] = Math.log(mu[i]!);
        lnRest[i] = Math.log(m.total - mu[i]!);
      }
    }
  }
  const xlnx = Float64Array.from({ length: m.total + 1 }, (_, x) => (x > 0 ? x * Math.log(x) : 0));
  return { mu, lnMu, lnRest, xlnx, acc: new Float64Array(size), touched: new Uint8Array(m.cells.length) };
}

/** Poisson GLR of a cylinder with n observed and mu expected out of a total C (0 unless n > mu). */
export function poissonLlr(n: number, mu: number, total: number): number {
  if (!(n > mu) || mu <= 0) return 0;
  const rest = total - n;
  return n * Math.log(n / mu) + (rest > 0 ? rest * Math.log(rest / (total - mu)) : 0);
}

interface Candidate {
  centre: number;
  k: number;
  w: number;
  observed: number;
  expected: number;
  llr: number;
}

/** Scans every cylinder touched by the recent cases; returns the maximum LLR and optionally all candidates. */
function scanCylinders(
  m: ScanModel,
  t: CylinderTables,
  recentCell: Int32Array,
  recentAge: Int32Array,
  minCases: number,
  collect: Candidate[] | null,
): number {
  const stride = m.rings * m.windows;
  const touched: number[] = [];
  for (let i = 0; i < recentCell.length; i++) {
    const z = recentCell[i]!;
    for (let e = m.revStart[z]!; e < m.revStart[z + 1]!; e++) {
      const c = m.revCentre[e]!;
      t.acc[c * stride + m.revRing[e]! * m.windows + recentAge[i]!]! += 1;
      if (t.touched[c] === 0) {
        t.touched[c] = 1;
        touched.push(c);
      }
    }
  }
  let best = 0;
  for (const c of touched) {
    best = Math.max(best, scoreCentre(m, t, c, minCases, collect));
    t.acc.fill(0, c * stride, (c + 1) * stride);
    t.touched[c] = 0;
  }
  return best;
}

/** Turns one centre's (ring × age) counts into cumulative cylinders and scores them. */
function scoreCentre(
  m: ScanModel,
  t: CylinderTables,
  c: number,
  minCases: number,
  collect: Candidate[] | null,
): number {
  const base = c * m.rings * m.windows;
  const acc = t.acc;
  let best = 0;
  for (let k = 0; k < m.rings; k++) {
    let running = 0;
    for (let w = 0; w < m.windows; w++) {
      const i = base + k * m.windows + w;
      running += acc[i]!;
      const n = running + (k > 0 ? acc[i - m.windows]! : 0);
      acc[i] = n;
      if (n < minCases || n <= t.mu[i]!) continue;
      const rest = m.total - n;
      // Poisson GLR n·ln(n/μ) + (C−n)·ln((C−n)/(C−μ)), from tables.
      const llr = t.xlnx[n]! - n * t.lnMu[i]! + t.xlnx[rest]! - rest * t.lnRest[i]!;
      if (llr > best) best = llr;
      collect?.push({ centre: c, k, w: w + 1, observed: n, expected: t.mu[i]!, llr });
    }
  }
  return best;
}

/** Maximum LLR of each replicate: the recent days are dealt to random cases (a permutation of days). */
function replicateMaxima(m: ScanModel, t: CylinderTables, replicates: number, minCases: number, rng: Rng) {
  const order = Int32Array.from(m.caseCell, (_, i) => i);
  const cell = new Int32Array(m.recentAge.length);
  const maxima = new Float64Array(replicates);
  for (let r = 0; r < replicates; r++) {
    for (let i = 0; i < cell.length; i++) {
      const j = i + randomInt(rng, order.length - i);
      const t = order[i]!;
      order[i] = order[j]!;
      order[j] = t;
      cell[i] = m.caseCell[order[i]!]!;
    }
    maxima[r] = scanCylinders(m, t, cell, m.recentAge, minCases, null);
  }
  return maxima.sort();
}

function countAtLeast(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < v * (1 - 1e-12)) lo = mid + 1;
    else hi = mid;
  }
  return sorted.length - lo;
}

/** Most likely cluster first, then the next best cylinders sharing no cell with those kept. */
function pickClusters(
  m: ScanModel,
  candidates: Candidate[],
  limit: number,
): Array<Candidate & { cells: string[] }> {
  candidates.sort((a, b) => b.llr - a.llr || b.observed - a.observed);
  const used = new Set<string>();
  const out: Array<Candidate & { cells: string[] }> = [];
  for (const c of candidates) {
    if (out.length >= limit) break;
    const cells = gridDisk(m.cells[c.centre]!, c.k).sort();
    if (cells.some((x) => used.has(x))) continue;
    for (const x of cells) used.add(x);
    out.push({ ...c, cells });
  }
  return out;
}

function checkScanOptions(o: SpaceTimeScanOptions): void {
  for (const [name, v] of [
    ['studyDays', o.studyDays],
    ['maxWindowDays', o.maxWindowDays],
  ] as const) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`${name} must be a positive integer`);
  }
  if (o.maxWindowDays > o.studyDays) throw new Error('maxWindowDays must not exceed studyDays');
  if (!Number.isInteger(o.maxRadiusK) || o.maxRadiusK < 0) throw new Error('maxRadiusK must be ≥ 0');
}

/**
 * Prospective space-time permutation scan: cylinders = H3 disks (k = 0…maxRadiusK) around
 * every cell with a case × windows of 1…maxWindowDays ending today; expected counts from
 * space-time independence (μ = C_disk·C_window/C); Poisson GLR; significance by permuting
 * the case days (seeded); recurrence interval = 1/(p·runsPerDay) days.
 */
export function spaceTimePermutationScan(
  cases: readonly ScanCase[],
  o: SpaceTimeScanOptions,
): SpaceTimeScanResult {
  checkScanOptions(o);
  const replicates = o.replicates ?? 999;
  const minCases = o.minCases ?? 2;
  const m = buildModel(cases, o);
  const empty = { today: o.today, totalCases: m.total, replicates, clusters: [] };
  if (m.total === 0 || m.recentAge.length === 0) return empty;
  const tables = buildTables(m);
  const candidates: Candidate[] = [];
  scanCylinders(m, tables, m.recentCell, m.recentAge, minCases, candidates);
  if (candidates.length === 0) return empty;
  const maxima = replicateMaxima(m, tables, replicates, minCases, createRng(o.seed ?? 1));
  const clusters = pickClusters(m, candidates, o.maxClusters ?? 10).map((c): ScanCluster => {
    const p = (1 + countAtLeast(maxima, c.llr)) / (replicates + 1);
    const startDay = o.today - c.w + 1;
    return {
      centre: m.cells[c.centre]!,
      radiusK: c.k,
      cells: c.cells,
      startDay,
      endDay: o.today,
      start: formatDay(startDay),
      end: formatDay(o.today),
      windowDays: c.w,
      observed: c.observed,
      expected: c.expected,
      relativeRisk: c.observed / c.expected,
      llr: c.llr,
      p,
      recurrenceDays: 1 / (p * (o.runsPerDay ?? 1)),
    };
  });
  return { ...empty, clusters };
}
