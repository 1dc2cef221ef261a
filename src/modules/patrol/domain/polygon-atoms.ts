import * as turf from '@turf/turf';
import Flatbush from 'flatbush';
import type { AtomEdge, AtomInput, AtomSet } from './atoms.ts';
import { assembleAtoms } from './atoms.ts';
import type { LocalProjection, Position } from './geo.ts';
import { localProjection, perimeterM } from './geo.ts';
import type { Region } from './geojson.ts';

/** How imported small-area polygons become atoms. */
export interface PolygonAtomOptions {
  /** Parent id of each region (e.g. from a district property); default: one parent "all". */
  parentOf?: (region: Region) => string;
  /** Two boundaries closer than this (m) and parallel count as shared (default 1 m). */
  snapToleranceM?: number;
  /** Population of each region (optional; used for reports and population-balanced designs). */
  populationOf?: (region: Region) => number;
}

interface Segments {
  coords: Float64Array;
  owner: Int32Array;
}

function collectSegments(regions: readonly Region[], proj: LocalProjection): Segments {
  const coords: number[] = [];
  const owner: number[] = [];
  regions.forEach((r, ri) => {
    for (const poly of r.polygons) {
      for (const ring of poly) {
        for (let k = 1; k < ring.length; k++) {
          const p = ring[k - 1]!;
          const q = ring[k]!;
          coords.push(proj.x(p[0]), proj.y(p[1]), proj.x(q[0]), proj.y(q[1]));
          owner.push(ri);
        }
      }
    }
  });
  return { coords: Float64Array.from(coords), owner: Int32Array.from(owner) };
}

/** Length of segment s lying along segment t within `tol` metres (0 when not collinear). */
function overlapLength(c: Float64Array, s: number, t: number, tol: number): number {
  const tx = c[4 * t + 2]! - c[4 * t]!;
  const ty = c[4 * t + 3]! - c[4 * t + 1]!;
  const len = Math.hypot(tx, ty);
  if (len === 0) return 0;
  const ux = tx / len;
  const uy = ty / len;
  const ax = c[4 * s]! - c[4 * t]!;
  const ay = c[4 * s + 1]! - c[4 * t + 1]!;
  const bx = c[4 * s + 2]! - c[4 * t]!;
  const by = c[4 * s + 3]! - c[4 * t + 1]!;
  if (Math.abs(ax * uy - ay * ux) > tol || Math.abs(bx * uy - by * ux) > tol) return 0;
  const ta = ax * ux + ay * uy;
  const tb = bx * ux + by * uy;
  return Math.max(0, Math.min(Math.max(ta, tb), len) - Math.max(Math.min(ta, tb), 0));
}

function sharedBoundaries(regions: readonly Region[], proj: LocalProjection, tol: number): AtomEdge[] {
  const seg = collectSegments(regions, proj);
  const n = seg.owner.length;
  const c = seg.coords;
  const index = new Flatbush(Math.max(1, n));
  for (let s = 0; s < n; s++) {
    index.add(
      Math.min(c[4 * s]!, c[4 * s + 2]!) - tol,
      Math.min(c[4 * s + 1]!, c[4 * s + 3]!) - tol,
      Math.max(c[4 * s]!, c[4 * s + 2]!) + tol,
      Math.max(c[4 * s + 1]!, c[4 * s + 3]!) + tol,
    );
  }
  index.finish();
  const shared = new Map<number, number>();
  const m = regions.length;
  for (let s = 0; s < n; s++) {
    const a = seg.owner[s]!;
    const sLen = Math.hypot(c[4 * s + 2]! - c[4 * s]!, c[4 * s + 3]! - c[4 * s + 1]!);
    const perOwner = new Map<number, number>();
    for (const t of index.search(
      Math.min(c[4 * s]!, c[4 * s + 2]!),
      Math.min(c[4 * s + 1]!, c[4 * s + 3]!),
      Math.max(c[4 * s]!, c[4 * s + 2]!),
      Math.max(c[4 * s + 1]!, c[4 * s + 3]!),
    )) {
      const b = seg.owner[t]!;
      if (b <= a) continue;
      const o = overlapLength(c, s, t, tol);
      if (o > 0) perOwner.set(b, (perOwner.get(b) ?? 0) + o);
    }
    for (const [b, o] of perOwner) shared.set(a * m + b, (shared.get(a * m + b) ?? 0) + Math.min(o, sLen));
  }
  return [...shared].map(([key, len]) => ({ a: Math.floor(key / m), b: key % m, shared: len }));
}

/**
 * Atoms from imported small-area polygons (census blocks, current beats...), adjacent when their
 * boundaries share a stretch of line (rook adjacency, robust to unmatched vertices).
 */
export function buildPolygonAtoms(regions: readonly Region[], options: PolygonAtomOptions = {}): AtomSet {
  let lon0 = 0;
  let lat0 = 0;
  let count = 0;
  for (const r of regions) {
    for (const [x, y] of r.polygons[0]?.[0] ?? []) {
      lon0 += x;
      lat0 += y;
      count++;
    }
  }
  const proj = localProjection(lon0 / Math.max(1, count), lat0 / Math.max(1, count));
  const inputs: AtomInput[] = regions.map((r) => {
    const mp = turf.multiPolygon(r.polygons);
    const [lon, lat] = turf.centerOfMass(mp).geometry.coordinates as Position;
    return {
      id: r.id,
      parentId: options.parentOf ? options.parentOf(r) : 'all',
      lon,
      lat,
      area: turf.area(mp),
      perimeter: perimeterM(r.polygons),
      shape: r.polygons,
      ...(options.populationOf ? { population: options.populationOf(r) } : {}),
    };
  });
  return assembleAtoms('polygon', null, inputs, sharedBoundaries(regions, proj, options.snapToleranceM ?? 1));
}
