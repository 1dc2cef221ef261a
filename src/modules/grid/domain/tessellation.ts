import {
  area,
  bbox,
  bboxClip,
  booleanValid,
  featureCollection,
  flatten,
  intersect,
  kinks,
  length,
  polygon,
  union,
} from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import {
  cellArea,
  cellToBoundary,
  gridDisk,
  POLYGON_TO_CELLS_FLAGS,
  polygonToCellsExperimental,
} from 'h3-js';

/** Properties of one generated grid cell. */
export interface GridCellProperties {
  /** Stable id: the H3 index of the cell's main hexagon (`-2`, `-3` ... for further pieces). */
  cellId: string;
  /** H3 cells whose clipped pieces make up this grid cell (slivers merged in included). */
  h3Cells: string[];
  areaM2: number;
}

/** A generated grid cell: a polygon inside the village. */
export type GridCellFeature = Feature<Polygon, GridCellProperties>;

/** Tessellation settings. */
export interface TessellationOptions {
  /** H3 resolution (0..15); 9 gives ~0.1 km² hexagons, a usual grid-worker patch. */
  resolution: number;
  /** Pieces smaller than this fraction of a full hexagon are merged into a neighbour; default 0.3. */
  minAreaRatio?: number;
  /** Refuse to produce more cells than this (guards against a too fine resolution); default 20,000. */
  maxCells?: number;
}

interface Piece {
  id: string;
  h3: string[];
  geom: Polygon;
  area: number;
  fullArea: number;
  alive: boolean;
}

type Boundary = Feature<Polygon | MultiPolygon> | Polygon | MultiPolygon;

const asFeature = (g: Boundary): Feature<Polygon | MultiPolygon> =>
  g.type === 'Feature' ? g : { type: 'Feature', properties: {}, geometry: g };

const polygonsOf = (g: Polygon | MultiPolygon): Polygon[] =>
  g.type === 'Polygon' ? [g] : g.coordinates.map((coordinates) => ({ type: 'Polygon', coordinates }));

const perimeter = (g: Polygon): number =>
  length({ type: 'Feature', properties: {}, geometry: g }, { units: 'meters' });

// Pieces below this area (m²) are numerical dust from clipping along a hexagon edge.
const DUST_M2 = 1e-3;
// Vertices closer than this (degrees, ~0.1 µm) are one vertex: clipping computes shared
// boundary points twice and may return them a few ulps apart.
const SNAP_DEG = 1e-12;

const same = (a: number[], b: number[]) =>
  Math.abs(a[0]! - b[0]!) <= SNAP_DEG && Math.abs(a[1]! - b[1]!) <= SNAP_DEG;

/** Drops repeated vertices and zero-width spikes (A, B, A) that clipping leaves behind. */
function cleanRing(ring: readonly number[][]): number[][] | null {
  const pts = ring.slice(0, -1).filter((p, i, all) => i === 0 || !same(p, all[i - 1]!));
  let changed = true;
  while (changed && pts.length >= 3) {
    changed = false;
    for (let i = 0; i < pts.length && pts.length >= 3; i++) {
      const prev = pts[(i - 1 + pts.length) % pts.length]!;
      const next = pts[(i + 1) % pts.length]!;
      if (same(pts[i]!, next)) {
        pts.splice(i, 1);
        changed = true;
      } else if (same(prev, next)) {
        pts.splice(i, 1);
        changed = true;
      }
    }
  }
  return pts.length >= 3 ? [...pts, pts[0]!] : null;
}

// Where two pieces meet, each clip computed the boundary crossing itself; snapping vertices this
// close (degrees, ~0.1 mm, far below any surveyed detail) makes their shared edge identical.
const JOIN_DEG = 1e-9;

/** `g` with every vertex that lies within JOIN_DEG of a vertex of `target` moved onto it. */
function snapTo(g: Polygon, target: Polygon): Polygon {
  const anchors = target.coordinates.flat();
  const snap = (p: number[]) =>
    anchors.find((a) => Math.abs(a[0]! - p[0]!) <= JOIN_DEG && Math.abs(a[1]! - p[1]!) <= JOIN_DEG) ?? p;
  return { type: 'Polygon', coordinates: g.coordinates.map((r) => r.map(snap)) };
}

/** A cleaned polygon, or null when cleaning shows it degenerate or self-intersecting. */
function cleanPolygon(g: Polygon): Polygon | null {
  const rings: number[][][] = [];
  for (const [i, r] of g.coordinates.entries()) {
    const c = cleanRing(r);
    if (c) rings.push(c);
    else if (i === 0) return null;
  }
  const f: Feature<Polygon> = {
    type: 'Feature',
    properties: {},
    geometry: { type: 'Polygon', coordinates: rings },
  };
  return booleanValid(f) && kinks(f).features.length === 0 ? f.geometry : null;
}

function coveringCells(boundary: Polygon | MultiPolygon, resolution: number, maxCells: number): string[] {
  const cells = new Set<string>();
  for (const p of polygonsOf(boundary)) {
    const found = polygonToCellsExperimental(
      p.coordinates,
      resolution,
      POLYGON_TO_CELLS_FLAGS.containmentOverlapping,
      true,
    );
    for (const c of found) cells.add(c);
    if (cells.size > maxCells)
      throw new RangeError(`more than ${maxCells} cells: choose a coarser resolution`);
  }
  return [...cells].sort();
}

/**
 * village ∩ hexagon. The village is first cut down to the hexagon's box (cheap, keeps the exact
 * clip fast on boundaries with thousands of vertices); if that pre-cut leaves rings the exact
 * clipper rejects, the full boundary is used instead.
 */
function clipToHexagon(village: Feature<Polygon | MultiPolygon>, hex: Feature<Polygon>) {
  const [w, s, e, n] = bbox(hex);
  const pad = Math.max(e - w, n - s) * 0.01;
  const local = bboxClip(village, [w - pad, s - pad, e + pad, n + pad]) as Feature<Polygon | MultiPolygon>;
  try {
    return intersect(featureCollection<Polygon | MultiPolygon>([hex, local]));
  } catch {
    return intersect(featureCollection<Polygon | MultiPolygon>([hex, village]));
  }
}

function clipPieces(village: Feature<Polygon | MultiPolygon>, cells: readonly string[]): Piece[] {
  const pieces: Piece[] = [];
  for (const cell of cells) {
    const hex = polygon([cellToBoundary(cell, true)]);
    const clipped = clipToHexagon(village, hex);
    if (!clipped) continue;
    const parts = flatten(clipped)
      .features.map((f) => ({
        geom: cleanPolygon(f.geometry as Polygon) ?? (f.geometry as Polygon),
        area: area(f),
      }))
      .filter((p) => p.area > DUST_M2)
      .sort((a, b) => b.area - a.area);
    const full = cellArea(cell, 'm2');
    parts.forEach((p, k) => {
      pieces.push({
        id: k === 0 ? cell : `${cell}-${k + 1}`,
        h3: [cell],
        geom: p.geom,
        area: p.area,
        fullArea: full,
        alive: true,
      });
    });
  }
  return pieces;
}

/** Merges `sliver` into the neighbour it shares the longest edge with; false when none touches it. */
function mergeSliver(sliver: Piece, byCell: Map<string, Piece[]>): boolean {
  const candidates = new Set<Piece>();
  for (const n of sliver.h3.flatMap((h) => gridDisk(h, 1))) {
    for (const p of byCell.get(n) ?? []) if (p.alive && p !== sliver) candidates.add(p);
  }
  let best: { piece: Piece; score: number; geom: Polygon } | null = null;
  const ownPerimeter = perimeter(sliver.geom);
  for (const c of candidates) {
    const joined = snapTo(sliver.geom, c.geom);
    const u = union(featureCollection([polygon(joined.coordinates), polygon(c.geom.coordinates)]));
    if (u?.geometry.type !== 'Polygon') continue;
    const geom = cleanPolygon(u.geometry);
    if (!geom) continue;
    const shared = (ownPerimeter + perimeter(c.geom) - perimeter(geom)) / 2;
    // Prefer a neighbour that is not a sliver itself, then the longest shared edge.
    const score = shared + (c.area >= sliver.area ? 1e9 : 0);
    if (shared > 0.01 && (!best || score > best.score)) best = { piece: c, score, geom };
  }
  if (!best) return false;
  best.piece.geom = best.geom;
  best.piece.area += sliver.area;
  best.piece.h3 = [...new Set([...best.piece.h3, ...sliver.h3])];
  for (const h of sliver.h3)
    byCell.set(h, [...(byCell.get(h) ?? []).filter((p) => p !== sliver), best.piece]);
  sliver.alive = false;
  return true;
}

/**
 * Grid cells for a village: the H3 cells at `resolution` that touch the boundary, clipped to it;
 * pieces under `minAreaRatio` of a hexagon are merged into the neighbouring piece they share the
 * longest edge with (repeatedly, smallest first), so no sliver strips remain along the boundary.
 * A piece that touches no other piece (a tiny island of the village) stays a cell of its own.
 * Throws RangeError for an invalid boundary or resolution.
 */
export function tessellateVillage(
  boundary: Boundary,
  options: TessellationOptions,
): FeatureCollection<Polygon, GridCellProperties> {
  const village = asFeature(boundary);
  const { resolution, minAreaRatio = 0.3, maxCells = 20_000 } = options;
  if (!Number.isInteger(resolution) || resolution < 0 || resolution > 15) {
    throw new RangeError(`H3 resolution must be an integer 0..15, got ${resolution}`);
  }
  if (!booleanValid(village) || kinks(village).features.length > 0) {
    throw new RangeError('the village boundary is not a valid (Multi)Polygon');
  }
  const pieces = clipPieces(village, coveringCells(village.geometry, resolution, maxCells));
  const byCell = new Map<string, Piece[]>();
  for (const p of pieces) byCell.set(p.h3[0]!, [...(byCell.get(p.h3[0]!) ?? []), p]);
  const isSliver = (p: Piece) => p.alive && p.area < minAreaRatio * p.fullArea;
  let merged = true;
  while (merged) {
    merged = false;
    for (const s of pieces.filter(isSliver).sort((a, b) => a.area - b.area)) {
      if (isSliver(s) && mergeSliver(s, byCell)) merged = true;
    }
  }
  const features = pieces
    .filter((p) => p.alive)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map(
      (p): GridCellFeature => ({
        type: 'Feature',
        properties: { cellId: p.id, h3Cells: [...p.h3].sort(), areaM2: area(polygon(p.geom.coordinates)) },
        geometry: p.geom,
      }),
    );
  return { type: 'FeatureCollection', features };
}
