import { booleanPointInPolygon, difference, feature, featureCollection, area as turfArea } from '@turf/turf';
import type { Area } from '../geo/geojson.ts';

/** The levels of the tree, top down. */
export const levels = ['county', 'township', 'village', 'grid'] as const;
export type Level = (typeof levels)[number];

/** A child must sit exactly one level below its parent; roots may be of any level. */
export function levelFits(parent: Level | null, child: Level): boolean {
  if (parent === null) return true;
  return levels.indexOf(child) === levels.indexOf(parent) + 1;
}

/** An ltree label from an administrative code (PostgreSQL 15 labels allow only A-Z a-z 0-9 _). */
export function labelOf(code: string): string {
  const label = code.replace(/[^A-Za-z0-9_]/g, '_');
  return label.length > 0 ? label.slice(0, 200) : '_';
}

/**
 * Share of the child's area lying outside its parent (0..1). Boundaries drawn by different
 * hands never coincide exactly, so nesting is checked against a tolerance, not exactly.
 */
export function outsideShare(child: Area, parent: Area): number {
  // Fast path: a child whose every vertex lies in the parent is (up to edge effects far below
  // the tolerance) inside it; the polygon difference is only computed when one does not.
  const rings = child.type === 'Polygon' ? child.coordinates : child.coordinates.flat();
  if (rings.every((ring) => ring.every(([lon, lat]) => booleanPointInPolygon([lon, lat], parent)))) return 0;
  const childArea = turfArea(child);
  if (childArea === 0) return 0;
  const outside = difference(featureCollection([feature(child), feature(parent)]));
  return outside ? turfArea(outside) / childArea : 0;
}

/** Default nesting tolerance: up to 2 % of a child's area may fall outside its parent. */
export const nestingTolerance = 0.02;
