import * as turf from '@turf/turf';
import * as h3 from 'h3-js';
import type { AtomEdge, AtomInput, AtomSet } from './atoms.ts';
import { assembleAtoms } from './atoms.ts';
import { PatrolError } from './errors.ts';
import { mergeFragments } from './fragments.ts';
import type { MultiPolygonCoords, PolygonCoords, Position } from './geo.ts';
import {
  bboxOf,
  boundaryCrossings,
  clipRingConvex,
  perimeterM,
  segmentInConvexM,
  segmentInsideLengthM,
} from './geo.ts';
import type { Region } from './geojson.ts';

/** How H3 atoms are built from parent boundaries. */
export interface H3AtomOptions {
  /** H3 resolution (0..15). See `suggestH3Resolution`. */
  resolution: number;
  /**
   * 'clip' (default): every cell touching a parent becomes an atom clipped to it, so atoms tile the
   * parents exactly; 'centre': whole cells assigned to the parent containing their centre.
   */
  mode?: 'clip' | 'centre';
  /** Clipped pieces smaller than this fraction of a cell are dropped (default 0.001). */
  minPieceFraction?: number;
  /** Refuse to build more atoms than this (default 400 000). */
  maxAtoms?: number;
  /**
   * Disconnected pieces of a parent smaller than this (m²; default two cells) go to the
   * neighbouring parent they share most boundary with (0 disables). Real islands stay.
   */
  mergeFragmentsBelowM2?: number;
}

interface Piece {
  cell: string;
  parent: number;
  shape: MultiPolygonCoords | null;
}

/**
 * Resolution whose average cell gives about `atomsPerBeat` atoms per beat (default 30): enough
 * freedom to balance workload, few enough that beats stay compact and the search fast.
 */
export function suggestH3Resolution(totalAreaM2: number, beats: number, atomsPerBeat = 30): number {
  const wanted = totalAreaM2 / Math.max(1, beats) / atomsPerBeat;
  let best = 0;
  let bestErr = Infinity;
  for (let r = 0; r <= 15; r++) {
    const err = Math.abs(Math.log(h3.getHexagonAreaAvg(r, 'm2') / wanted));
    if (err < bestErr) {
      bestErr = err;
      best = r;
    }
  }
  return best;
}

/** Total area in m² of parent regions (for `suggestH3Resolution`). */
export function regionsArea(regions: readonly Region[]): number {
  return regions.reduce((s, r) => s + turf.area(turf.multiPolygon(r.polygons)), 0);
}

function cellPolygon(cell: string): Position[][] {
  return [h3.cellToBoundary(cell, true) as Position[]];
}

/** Boundary length of ring ∩ convex cell: the ring's edges inside the cell plus the cell's edges inside the ring. */
function clippedPerimeterM(ring: Position[], cell: Position[]): number {
  let s = 0;
  for (let k = 1; k < ring.length; k++) s += segmentInConvexM(ring[k - 1]!, ring[k]!, cell);
  for (let k = 1; k < cell.length; k++) s += segmentInsideLengthM(cell[k - 1]!, cell[k]!, [[ring]]);
  return s;
}

function clipCell(cell: string, parent: MultiPolygonCoords): MultiPolygonCoords | null {
  const ring = cellPolygon(cell);
  const [a, b, c, d] = bboxOf([ring]);
  const pad = Math.max(c - a, d - b) * 0.01;
  const local = turf.bboxClip(turf.multiPolygon(parent), [a - pad, b - pad, c + pad, d + pad]);
  const parts = (local.geometry.coordinates as MultiPolygonCoords).filter(
    (p) => p.length > 0 && p[0]!.length >= 4,
  );
  if (parts.length === 0) return null;
  const only = parts.length === 1 && parts[0]!.length === 1 ? parts[0]![0]! : null;
  // Fast path: one ring passing through the cell at most once clips without polyclip, unless
  // the clip folded an outside detour onto the cell edge (perimeter check).
  if (only && boundaryCrossings(only, ring[0]!) <= 2) {
    const clipped = clipRingConvex(only, ring[0]!);
    if (clipped.length === 0) return null;
    if (Math.abs(perimeterM([[clipped]]) - clippedPerimeterM(only, ring[0]!)) < 1e-3) return [[clipped]];
  }
  const hit = turf.intersect(turf.featureCollection([turf.multiPolygon([ring]), turf.multiPolygon(parts)]));
  if (!hit) return null;
  const g = hit.geometry as { type: string; coordinates: unknown };
  return g.type === 'Polygon' ? [g.coordinates as PolygonCoords] : (g.coordinates as MultiPolygonCoords);
}

function collectPieces(parents: readonly Region[], res: number, mode: 'clip' | 'centre', minFrac: number) {
  const pieces: Piece[] = [];
  const taken = new Set<string>();
  parents.forEach((region, p) => {
    const full = new Set<string>();
    const over = new Set<string>();
    for (const poly of region.polygons) {
      if (mode === 'centre') {
        for (const c of h3.polygonToCells(poly, res, true)) full.add(c);
        continue;
      }
      for (const c of h3.polygonToCellsExperimental(poly, res, 'containmentFull', true)) full.add(c);
      for (const c of h3.polygonToCellsExperimental(poly, res, 'containmentOverlapping', true)) over.add(c);
    }
    for (const cell of full) {
      // Overlapping parents: the first one listed keeps a whole cell.
      if (taken.has(cell)) continue;
      taken.add(cell);
      pieces.push({ cell, parent: p, shape: null });
    }
    for (const cell of over) {
      if (full.has(cell)) continue;
      const shape = clipCell(cell, region.polygons);
      if (shape && turf.area(turf.multiPolygon(shape)) >= minFrac * h3.cellArea(cell, 'm2')) {
        pieces.push({ cell, parent: p, shape });
      }
    }
  });
  return pieces;
}

function pieceInput(piece: Piece, parentId: string): AtomInput {
  if (piece.shape === null) {
    const [lat, lon] = h3.cellToLatLng(piece.cell);
    let perimeter = 0;
    for (const e of h3.originToDirectedEdges(piece.cell)) perimeter += h3.edgeLength(e, 'm');
    return {
      id: piece.cell,
      parentId,
      lon,
      lat,
      area: h3.cellArea(piece.cell, 'm2'),
      perimeter,
      shape: null,
    };
  }
  const mp = turf.multiPolygon(piece.shape);
  const [lon, lat] = turf.centerOfMass(mp).geometry.coordinates as Position;
  return {
    id: `${piece.cell}:${parentId}`,
    parentId,
    lon,
    lat,
    area: turf.area(mp),
    perimeter: perimeterM(piece.shape),
    shape: piece.shape,
  };
}

function sharedLength(pi: Piece, pj: Piece, edge: string, parents: readonly Region[]): number {
  if (pi.parent !== pj.parent) return 0;
  if (pi.shape === null || pj.shape === null) return h3.edgeLength(edge, 'm');
  const [p, q] = h3.directedEdgeToBoundary(edge, true) as Position[];
  return segmentInsideLengthM(p!, q!, parents[pi.parent]!.polygons);
}

function buildEdges(pieces: readonly Piece[], parents: readonly Region[]): AtomEdge[] {
  const byCell = new Map<string, number[]>();
  pieces.forEach((p, i) => {
    const list = byCell.get(p.cell);
    if (list) list.push(i);
    else byCell.set(p.cell, [i]);
  });
  const edges: AtomEdge[] = [];
  pieces.forEach((pi, i) => {
    // Pieces of one cell in different parents touch along the parent boundary.
    for (const j of byCell.get(pi.cell)!) if (j > i) edges.push({ a: i, b: j, shared: 0 });
    for (const e of h3.originToDirectedEdges(pi.cell)) {
      const dest = h3.getDirectedEdgeDestination(e);
      for (const j of byCell.get(dest) ?? []) {
        if (j <= i) continue;
        const shared = sharedLength(pi, pieces[j]!, e, parents);
        if (shared > 0 || pi.parent !== pieces[j]!.parent) edges.push({ a: i, b: j, shared });
      }
    }
  });
  return edges;
}

/**
 * H3 atoms covering parent regions (districts): each atom belongs to exactly one parent, with
 * adjacency from shared cell edges, area and perimeter. Workload starts at zero (`assignWorkload`).
 */
export function buildH3Atoms(parents: readonly Region[], options: H3AtomOptions): AtomSet {
  const res = options.resolution;
  if (!Number.isInteger(res) || res < 0 || res > 15) {
    throw new PatrolError('INVALID_INPUT', `H3 resolution must be an integer 0..15, got ${res}`);
  }
  if (parents.length === 0) throw new PatrolError('INVALID_INPUT', 'No parent regions given');
  const mode = options.mode ?? 'clip';
  const pieces = collectPieces(parents, res, mode, options.minPieceFraction ?? 0.001);
  const maxAtoms = options.maxAtoms ?? 400_000;
  if (pieces.length > maxAtoms) {
    throw new PatrolError('INVALID_INPUT', `Resolution ${res} gives ${pieces.length} atoms (> ${maxAtoms})`);
  }
  const inputs = pieces.map((p) => pieceInput(p, parents[p.parent]!.id));
  const edges = buildEdges(pieces, parents);
  const fragmentArea = options.mergeFragmentsBelowM2 ?? 2 * h3.getHexagonAreaAvg(res, 'm2');
  if (fragmentArea > 0) {
    const shapeOf = (i: number) => pieces[i]!.shape ?? [cellPolygon(pieces[i]!.cell)];
    mergeFragments(inputs, edges, shapeOf, fragmentArea);
  }
  return assembleAtoms('h3', res, inputs, edges);
}
