import * as turf from '@turf/turf';
import * as h3 from 'h3-js';
import type { AtomSet } from './atoms.ts';
import type { MultiPolygonCoords, PolygonCoords } from './geo.ts';
import type { DesignLike } from './quality.ts';

/** A beat as a GeoJSON feature (MultiPolygon union of its atoms). */
export interface BeatFeature {
  type: 'Feature';
  properties: { id: string; parentId: string };
  geometry: { type: 'MultiPolygon'; coordinates: MultiPolygonCoords };
}

function unionOf(parts: MultiPolygonCoords[]): MultiPolygonCoords {
  const nonEmpty = parts.filter((p) => p.length > 0);
  if (nonEmpty.length === 0) return [];
  if (nonEmpty.length === 1) return nonEmpty[0]!;
  const merged = turf.union(turf.featureCollection(nonEmpty.map((p) => turf.multiPolygon(p))));
  if (!merged) return [];
  const g = merged.geometry as { type: string; coordinates: unknown };
  return g.type === 'Polygon' ? [g.coordinates as PolygonCoords] : (g.coordinates as MultiPolygonCoords);
}

/** Beats as GeoJSON features: whole H3 cells are merged by H3, clipped or imported shapes by turf. */
export function beatFeatures(
  atoms: AtomSet,
  design: DesignLike,
): { type: 'FeatureCollection'; features: BeatFeature[] } {
  const cells: string[][] = design.beats.map(() => []);
  const shapes: MultiPolygonCoords[][] = design.beats.map(() => []);
  design.assignment.forEach((b, i) => {
    const shape = atoms.shapes[i];
    if (shape) shapes[b]!.push(shape);
    else cells[b]!.push(atoms.ids[i]!);
  });
  const features = design.beats.map((beat, b) => {
    const hex = cells[b]!.length > 0 ? (h3.cellsToMultiPolygon(cells[b]!, true) as MultiPolygonCoords) : [];
    return {
      type: 'Feature' as const,
      properties: { id: beat.id, parentId: beat.parentId },
      geometry: { type: 'MultiPolygon' as const, coordinates: unionOf([hex, ...shapes[b]!]) },
    };
  });
  return { type: 'FeatureCollection', features };
}
