import { cellToLatLng, getHexagonEdgeLengthAvg, gridDisk, latLngToCell } from 'h3-js';
import KDBush from 'kdbush';
import { boundsCentre, type LocalProjection, localProjection } from './geo.ts';
import type { LatLon } from './gistar.ts';

/** Kernel shapes: quartic (biweight, compact support h) or Gaussian (sd h). */
export type KernelName = 'quartic' | 'gaussian';

/** Kernel density options; distances in metres, densities in events per km². */
export interface KernelDensityOptions {
  kernel?: KernelName;
  /** Bandwidth h in metres: quartic radius, or Gaussian standard deviation. */
  bandwidthM: number;
  /** Gaussian truncation radius in bandwidths (default 6: the neglected mass is below 2e-8). */
  gaussianCutoff?: number;
  /** Per-point weights (default 1 each). */
  weights?: ArrayLike<number>;
  /** Projection origin (default: centre of the points' bounding box). */
  origin?: LatLon;
}

/** A regular grid in a local metric projection; row 0 is the southern row. */
export interface DensityGridSpec {
  south: number;
  west: number;
  north: number;
  east: number;
  cellSizeM: number;
}

/** Density values on a grid, row-major (index = row·cols + col), events per km². */
export interface DensityGrid {
  rows: number;
  cols: number;
  cellSizeM: number;
  values: Float64Array;
  /** Centre of a grid cell as latitude/longitude. */
  centre(row: number, col: number): LatLon;
}

const M2_PER_KM2 = 1e6;

/** Kernel value in events per m² for one event at distance d (metres) with bandwidth h. */
export function kernelValue(kernel: KernelName, d: number, h: number): number {
  const u2 = (d * d) / (h * h);
  if (kernel === 'quartic') return u2 < 1 ? (3 / (Math.PI * h * h)) * (1 - u2) ** 2 : 0;
  return Math.exp(-u2 / 2) / (2 * Math.PI * h * h);
}

/** Radius beyond which the kernel is treated as zero. */
export function kernelReach(options: KernelDensityOptions): number {
  const kernel = options.kernel ?? 'quartic';
  return kernel === 'quartic' ? options.bandwidthM : options.bandwidthM * (options.gaussianCutoff ?? 6);
}

interface PointIndex {
  projection: LocalProjection;
  index: KDBush;
  xy: Float64Array;
}

function indexPoints(points: readonly LatLon[], origin: LatLon | undefined): PointIndex {
  const projection = localProjection(origin ?? boundsCentre(points));
  const index = new KDBush(Math.max(1, points.length));
  const xy = new Float64Array(points.length * 2);
  points.forEach((p, i) => {
    const [x, y] = projection.toXY(p);
    xy[2 * i] = x;
    xy[2 * i + 1] = y;
    index.add(x, y);
  });
  if (points.length === 0) index.add(Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY);
  index.finish();
  return { projection, index, xy };
}

function densityAt(
  idx: PointIndex,
  x: number,
  y: number,
  options: KernelDensityOptions,
  count: number,
): number {
  const kernel = options.kernel ?? 'quartic';
  const h = options.bandwidthM;
  let sum = 0;
  for (const i of idx.index.within(x, y, kernelReach(options))) {
    if (i >= count) continue;
    const d = Math.hypot(idx.xy[2 * i]! - x, idx.xy[2 * i + 1]! - y);
    sum += (options.weights ? options.weights[i]! : 1) * kernelValue(kernel, d, h);
  }
  return sum * M2_PER_KM2;
}

function checkOptions(options: KernelDensityOptions): void {
  if (!(options.bandwidthM > 0)) throw new Error('bandwidthM must be positive');
}

/** Kernel density surface on a regular metric grid covering the bounding box. */
export function kernelDensityGrid(
  points: readonly LatLon[],
  grid: DensityGridSpec,
  options: KernelDensityOptions,
): DensityGrid {
  checkOptions(options);
  if (!(grid.cellSizeM > 0)) throw new Error('cellSizeM must be positive');
  const origin = options.origin ?? { lat: (grid.south + grid.north) / 2, lon: (grid.west + grid.east) / 2 };
  const idx = indexPoints(points, origin);
  const [x0, y0] = idx.projection.toXY({ lat: grid.south, lon: grid.west });
  const [x1, y1] = idx.projection.toXY({ lat: grid.north, lon: grid.east });
  const cols = Math.max(1, Math.ceil((x1 - x0) / grid.cellSizeM));
  const rows = Math.max(1, Math.ceil((y1 - y0) / grid.cellSizeM));
  const values = new Float64Array(rows * cols);
  const cx = (col: number) => x0 + (col + 0.5) * grid.cellSizeM;
  const cy = (row: number) => y0 + (row + 0.5) * grid.cellSizeM;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++)
      values[r * cols + c] = densityAt(idx, cx(c), cy(r), options, points.length);
  }
  return {
    rows,
    cols,
    cellSizeM: grid.cellSizeM,
    values,
    centre: (row, col) => idx.projection.toLatLon(cx(col), cy(row)),
  };
}

/** Kernel density at the centres of the given H3 cells (events per km²), in input order. */
export function kernelDensityAtCells(
  points: readonly LatLon[],
  cells: readonly string[],
  options: KernelDensityOptions,
): Float64Array {
  checkOptions(options);
  const idx = indexPoints(points, options.origin);
  return Float64Array.from(cells, (cell) => {
    const [lat, lon] = cellToLatLng(cell);
    const [x, y] = idx.projection.toXY({ lat, lon });
    return densityAt(idx, x, y, options, points.length);
  });
}

/**
 * Kernel density on every H3 cell whose centre can receive density from some point
 * (cells within the kernel reach of a point's cell), sorted by H3 index.
 */
export function kernelDensityH3(
  points: readonly LatLon[],
  resolution: number,
  options: KernelDensityOptions,
): Array<{ cell: string; density: number }> {
  checkOptions(options);
  // Neighbouring centres are ≥ √3·edge·(≈0.7 worst-case shrink) apart; pad one ring for safety.
  const spacing = Math.sqrt(3) * getHexagonEdgeLengthAvg(resolution, 'm') * 0.7;
  const k = Math.ceil(kernelReach(options) / spacing) + 1;
  const seeds = new Set<string>();
  for (const p of points) seeds.add(latLngToCell(p.lat, p.lon, resolution));
  const cells = new Set<string>();
  for (const s of seeds) for (const c of gridDisk(s, k)) cells.add(c);
  const sorted = [...cells].sort();
  const density = kernelDensityAtCells(points, sorted, options);
  return sorted.map((cell, i) => ({ cell, density: density[i]! })).filter((d) => d.density > 0);
}
