import { gridDisk, isValidCell, latLngToCell } from 'h3-js';
import { benjaminiHochberg, twoSidedP } from './stats.ts';

/** A WGS84 position in decimal degrees. */
export interface LatLon {
  lat: number;
  lon: number;
}

/** Options of the Getis-Ord Gi* hotspot statistic on an H3 grid. */
export interface GiStarOptions {
  /** k of the `gridDisk(cell, k)` neighbourhood (self included, binary weights). Default 1. */
  k?: number;
  /** False discovery rate for the Benjamini–Hochberg significance flag. Default 0.05. */
  alpha?: number;
}

/** Gi* result of one H3 cell of the study area. */
export interface GiStarCell {
  cell: string;
  count: number;
  /** Gi* z-score (spdep `localG` with self included, style "B"). */
  z: number;
  /** Two-sided normal p-value of z. */
  p: number;
  /** Benjamini–Hochberg adjusted p-value over all study-area cells. */
  q: number;
  /** q ≤ alpha. */
  significant: boolean;
  /** 'hot' / 'cold' when significant, otherwise null. */
  kind: 'hot' | 'cold' | null;
}

/** Gi* over a study area, with the global figures that entered every z-score. */
export interface GiStarResult {
  cells: GiStarCell[];
  n: number;
  mean: number;
  /** Population standard deviation (divisor n), as spdep uses. */
  sd: number;
  k: number;
  alpha: number;
}

/** Options that decide which points count when aggregating to H3 cells. */
export interface AggregateOptions {
  /** Keep points with a zero latitude or longitude (default false: they are placeholder geocodes). */
  keepZeroCoordinates?: boolean;
}

function usablePoint(lat: number, lon: number, keepZero: boolean): boolean {
  if (!Number.isFinite(lat) || !Number.isFinite(lon)) return false;
  if (lat < -90 || lat > 90 || lon < -180 || lon > 180) return false;
  return keepZero || (lat !== 0 && lon !== 0);
}

/** Counts points per H3 cell; non-finite, out-of-range and (by default) zero coordinates are skipped. */
export function countPointsByCell(
  points: Iterable<LatLon>,
  resolution: number,
  options: AggregateOptions = {},
): Map<string, number> {
  const keep = options.keepZeroCoordinates ?? false;
  const counts = new Map<string, number>();
  for (const { lat, lon } of points) {
    if (!usablePoint(lat, lon, keep)) continue;
    const cell = latLngToCell(lat, lon, resolution);
    counts.set(cell, (counts.get(cell) ?? 0) + 1);
  }
  return counts;
}

/** Same as `countPointsByCell` for column arrays (faster for millions of points). */
export function countCoordinatesByCell(
  lats: ArrayLike<number>,
  lons: ArrayLike<number>,
  resolution: number,
  options: AggregateOptions = {},
): Map<string, number> {
  const keep = options.keepZeroCoordinates ?? false;
  const counts = new Map<string, number>();
  for (let i = 0; i < lats.length; i++) {
    const lat = lats[i]!;
    const lon = lons[i]!;
    if (!usablePoint(lat, lon, keep)) continue;
    const cell = latLngToCell(lat, lon, resolution);
    counts.set(cell, (counts.get(cell) ?? 0) + 1);
  }
  return counts;
}

/** Per-cell counts: a Map, a plain object, or `[cell, count]` / `{cell, count}` items. */
export type CellCounts =
  | ReadonlyMap<string, number>
  | Readonly<Record<string, number>>
  | Iterable<readonly [string, number] | { cell: string; count: number }>;

/** Normalises per-cell counts given as a Map, an object or `[cell, count]` / `{cell, count}` items. */
function toCountMap(input: CellCounts): Map<string, number> {
  const out = new Map<string, number>();
  const add = (cell: string, count: number): void => {
    if (!isValidCell(cell)) throw new Error(`not an H3 cell: ${cell}`);
    if (!Number.isFinite(count) || count < 0) throw new Error(`invalid count ${count} for ${cell}`);
    out.set(cell, (out.get(cell) ?? 0) + count);
  };
  if (!(Symbol.iterator in input)) {
    for (const [cell, count] of Object.entries(input)) add(cell, count);
    return out;
  }
  for (const item of input as Iterable<unknown>) {
    if (Array.isArray(item)) add(item[0] as string, item[1] as number);
    else {
      const o = item as { cell: string; count: number };
      add(o.cell, o.count);
    }
  }
  return out;
}

/**
 * Study area of the reference definition: every cell holding at least one event plus every
 * cell of `gridDisk(cell, ring)` around those, count 0 where nothing fell. Cells given with a
 * zero count are not part of it on their own, so the result depends only on the events.
 */
export function studyArea(counts: ReadonlyMap<string, number>, ring: number): Map<string, number> {
  const area = new Map<string, number>();
  for (const [cell, count] of counts) {
    if (count <= 0) continue;
    for (const c of gridDisk(cell, ring)) if (!area.has(c)) area.set(c, 0);
  }
  for (const [cell, count] of counts) if (count > 0) area.set(cell, count);
  return area;
}

/** CSR neighbour lists (self included) of the cells, restricted to the cells themselves. */
export function diskNeighbours(
  cells: readonly string[],
  k: number,
): { offsets: Int32Array; indices: Int32Array } {
  const index = new Map<string, number>();
  for (let i = 0; i < cells.length; i++) index.set(cells[i]!, i);
  const offsets = new Int32Array(cells.length + 1);
  const list: number[] = [];
  for (let i = 0; i < cells.length; i++) {
    for (const c of gridDisk(cells[i]!, k)) {
      const j = index.get(c);
      if (j !== undefined) list.push(j);
    }
    offsets[i + 1] = list.length;
  }
  return { offsets, indices: Int32Array.from(list) };
}

function summary(values: ArrayLike<number>): { mean: number; sd: number } {
  const n = values.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i]!;
  const mean = n > 0 ? sum / n : Number.NaN;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i]! - mean) ** 2;
  return { mean, sd: Math.sqrt(ss / n) };
}

/**
 * Gi* z-scores for binary weights with self included (spdep `localG`, Gi* branch):
 * z_i = (Σ_j w_ij x_j − x̄·W_i) / (s·√((n·W_i − W_i²)/(n−1))), s² = Σ(x−x̄)²/n.
 * Undefined scores (constant counts, n < 2, a cell neighbouring every cell) are NaN.
 */
export function giStarZ(values: ArrayLike<number>, offsets: Int32Array, indices: Int32Array): Float64Array {
  const n = values.length;
  const { mean, sd: s } = summary(values);
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let lag = 0;
    const from = offsets[i]!;
    const to = offsets[i + 1]!;
    for (let e = from; e < to; e++) lag += values[indices[e]!]!;
    const w = to - from;
    const sdG = s * Math.sqrt((n * w - w * w) / (n - 1));
    z[i] = sdG > 0 ? (lag - mean * w) / sdG : Number.NaN;
  }
  return z;
}

/**
 * Getis-Ord Gi* hotspots from per-cell counts: the study area is built from the cells with
 * a positive count (see `studyArea`, ring = k), every cell then gets z, two-sided p and a
 * Benjamini–Hochberg FDR flag. Cells are returned sorted by H3 index.
 */
export function giStar(counts: CellCounts, options: GiStarOptions = {}): GiStarResult {
  const k = options.k ?? 1;
  const alpha = options.alpha ?? 0.05;
  if (!Number.isInteger(k) || k < 0) throw new Error(`k must be a non-negative integer, got ${k}`);
  const area = studyArea(toCountMap(counts), k);
  const cells = [...area.keys()].sort();
  const values = Float64Array.from(cells, (c) => area.get(c)!);
  const { offsets, indices } = diskNeighbours(cells, k);
  const z = giStarZ(values, offsets, indices);
  const p = Float64Array.from(z, twoSidedP);
  const q = benjaminiHochberg(p);
  const out: GiStarCell[] = cells.map((cell, i) => {
    const significant = q[i]! <= alpha;
    const kind = significant ? (z[i]! > 0 ? 'hot' : 'cold') : null;
    return { cell, count: values[i]!, z: z[i]!, p: p[i]!, q: q[i]!, significant, kind };
  });
  return { cells: out, n: cells.length, ...summary(values), k, alpha };
}

/** Gi* hotspots straight from event points (see `countPointsByCell` and `giStar`). */
export function giStarFromPoints(
  points: Iterable<LatLon>,
  resolution: number,
  options: GiStarOptions & AggregateOptions = {},
): GiStarResult {
  return giStar(countPointsByCell(points, resolution, options), options);
}
