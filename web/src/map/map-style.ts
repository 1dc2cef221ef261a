import type {
  ExpressionSpecification,
  FillLayerSpecification,
  LineLayerSpecification,
  StyleSpecification,
} from 'maplibre-gl';
import type { JurisdictionLevel } from '../api/types.ts';
import { LEVELS } from './tree.ts';

/** Id of the GeoJSON source holding the jurisdictions. */
export const SOURCE_ID = 'haven-jurisdictions';

/** Fill layer ids, deepest level last (drawn on top, picked first). */
export const FILL_LAYER_IDS = LEVELS.map((l) => `haven-fill-${l}`);

const FILL: Record<JurisdictionLevel, [string, number]> = {
  county: ['#d9e2ea', 0.35],
  township: ['#b7cde0', 0.22],
  village: ['#a9cdb9', 0.18],
  grid: ['#e8d9b0', 0.14],
};

const LINE: Record<JurisdictionLevel, { color: string; width: number; dash?: number[] }> = {
  county: { color: '#2f3f4e', width: 3 },
  township: { color: '#47698a', width: 2 },
  village: { color: '#5f8b74', width: 1.2 },
  grid: { color: '#9a8a5e', width: 0.7, dash: [3, 2] },
};

const isLevel = (level: JurisdictionLevel): ExpressionSpecification => ['==', ['get', 'level'], level];

/** A style that needs no server: only a background; boundaries come from GeoJSON layers. */
export function offlineStyle(): StyleSpecification {
  return {
    version: 8,
    name: 'haven-offline',
    sources: {},
    layers: [{ id: 'haven-background', type: 'background', paint: { 'background-color': '#f3f5f7' } }],
  };
}

/** Fill and outline layers per level plus hover and selection layers, in drawing order. */
export function jurisdictionLayers(): (FillLayerSpecification | LineLayerSpecification)[] {
  const fills = LEVELS.map(
    (level): FillLayerSpecification => ({
      id: `haven-fill-${level}`,
      type: 'fill',
      source: SOURCE_ID,
      filter: isLevel(level),
      paint: {
        'fill-color': FILL[level][0],
        'fill-opacity': ['case', ['boolean', ['feature-state', 'hover'], false], 0.45, FILL[level][1]],
      },
    }),
  );
  // Finer boundaries first so the county line stays on top.
  const lines = [...LEVELS].reverse().map(
    (level): LineLayerSpecification => ({
      id: `haven-line-${level}`,
      type: 'line',
      source: SOURCE_ID,
      filter: isLevel(level),
      layout: { 'line-join': 'round' },
      paint: {
        'line-color': LINE[level].color,
        'line-width': LINE[level].width,
        ...(LINE[level].dash ? { 'line-dasharray': LINE[level].dash } : {}),
      },
    }),
  );
  const selected: (FillLayerSpecification | LineLayerSpecification)[] = [
    {
      id: 'haven-selected-fill',
      type: 'fill',
      source: SOURCE_ID,
      filter: selectedFilter(null),
      paint: { 'fill-color': '#1f6fb2', 'fill-opacity': 0.22 },
    },
    {
      id: 'haven-selected-line',
      type: 'line',
      source: SOURCE_ID,
      filter: selectedFilter(null),
      layout: { 'line-join': 'round' },
      paint: { 'line-color': '#c2410c', 'line-width': 3 },
    },
  ];
  return [...fills, ...lines, ...selected];
}

/** Filter matching only the selected jurisdiction (nothing when null). */
export function selectedFilter(id: string | null): ExpressionSpecification {
  return ['==', ['get', 'id'], id ?? '\u0000none'];
}

/** Ids of the selection layers, updated with `selectedFilter`. */
export const SELECTED_LAYER_IDS = ['haven-selected-fill', 'haven-selected-line'];
