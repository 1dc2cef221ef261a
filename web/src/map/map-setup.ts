import {
  type MapGeoJSONFeature,
  Map as MapLibreMap,
  type MapMouseEvent,
  NavigationControl,
  ScaleControl,
} from 'maplibre-gl';
import type { JurisdictionCollection, JurisdictionLevel } from '../api/types.ts';
import {
  FILL_LAYER_IDS,
  jurisdictionLayers,
  offlineStyle,
  SELECTED_LAYER_IDS,
  SOURCE_ID,
  selectedFilter,
} from './map-style.ts';
import { levelRank } from './tree.ts';

/** Centre and zoom kept across re-creations of the map. */
export type MapView = { center: [number, number]; zoom: number };

/** What the map needs from its React owner; `current()` reads the latest props. */
export interface MapSetup {
  style: string | null;
  view: MapView;
  uiStrings: Record<string, string>;
  canvasLabel: string;
  current: () => { data: JurisdictionCollection | null; selectedId: string | null };
  onReady: () => void;
  onStyleFallback: () => void;
  onPick: (id: string | null) => void;
  onMove: (view: MapView) => void;
}

// Features without a boundary yet (geometry null) are valid GeoJSON; MapLibre skips them,
// its types just do not say so.
/** The collection as MapLibre source data. */
export const asSourceData = (data: JurisdictionCollection | null) =>
  (data ?? { type: 'FeatureCollection', features: [] }) as GeoJSON.FeatureCollection;

/** Deepest jurisdiction among features under the pointer (a grid wins over its village). */
function pickDeepest(features: MapGeoJSONFeature[]): string | null {
  let best: MapGeoJSONFeature | null = null;
  for (const f of features) {
    const rank = levelRank(f.properties.level as JurisdictionLevel);
    if (!best || rank > levelRank(best.properties.level as JurisdictionLevel)) best = f;
  }
  return best ? String(best.properties.id) : null;
}

const fillLayers = (map: MapLibreMap) => FILL_LAYER_IDS.filter((id) => map.getLayer(id));
const pickAt = (map: MapLibreMap, e: MapMouseEvent) =>
  pickDeepest(map.queryRenderedFeatures(e.point, { layers: fillLayers(map) }));

function addJurisdictionLayers(map: MapLibreMap, s: MapSetup): void {
  if (map.getSource(SOURCE_ID)) return;
  const { data, selectedId } = s.current();
  map.addSource(SOURCE_ID, { type: 'geojson', data: asSourceData(data), promoteId: 'id' });
  for (const layer of jurisdictionLayers()) map.addLayer(layer);
  for (const id of SELECTED_LAYER_IDS) map.setFilter(id, selectedFilter(selectedId));
}

function wirePointer(map: MapLibreMap, s: MapSetup): void {
  map.on('click', (e: MapMouseEvent) => s.onPick(pickAt(map, e)));
  let hovered: string | undefined;
  map.on('mousemove', (e: MapMouseEvent) => {
    const id = pickAt(map, e) ?? undefined;
    if (id === hovered) return;
    if (hovered !== undefined) map.setFeatureState({ source: SOURCE_ID, id: hovered }, { hover: false });
    hovered = id;
    if (id !== undefined) map.setFeatureState({ source: SOURCE_ID, id }, { hover: true });
    map.getCanvas().style.cursor = id === undefined ? '' : 'pointer';
  });
}

// Data attributes let tests (and curious operators) see what the map holds and whether it is still drawing.
function wireTestHooks(map: MapLibreMap, el: HTMLElement): void {
  map.on('idle', () => {
    const layers = fillLayers(map);
    el.dataset.renderedFeatures = String(layers.length ? map.queryRenderedFeatures({ layers }).length : 0);
    el.dataset.idle = 'true';
  });
  map.on('render', () => {
    el.dataset.idle = 'false';
  });
}

/** Create the MapLibre map with the jurisdiction layers, falling back offline when a remote style fails. */
export function createJurisdictionMap(el: HTMLElement, s: MapSetup): MapLibreMap {
  let usingOffline = !s.style;
  let styleLoaded = false;
  const map = new MapLibreMap({
    container: el,
    style: s.style ?? offlineStyle(),
    center: s.view.center,
    zoom: s.view.zoom,
    locale: s.uiStrings,
    attributionControl: { compact: true },
    dragRotate: false,
    pitchWithRotate: false,
    fadeDuration: 0,
  });
  map.touchZoomRotate.disableRotation();
  map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
  map.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-left');
  map.getCanvas().setAttribute('aria-label', s.canvasLabel);
  map.on('style.load', () => {
    styleLoaded = true;
    addJurisdictionLayers(map, s);
    s.onReady();
  });
  map.on('error', (e) => {
    // A remote style that cannot load (offline site) falls back to the built-in one;
    // later tile errors of a loaded style only leave gaps under the boundaries.
    if (!usingOffline && !styleLoaded) {
      usingOffline = true;
      s.onStyleFallback();
      map.setStyle(offlineStyle());
    } else console.warn('map error', e.error);
  });
  map.on('moveend', () => {
    const c = map.getCenter();
    s.onMove({ center: [c.lng, c.lat], zoom: map.getZoom() });
  });
  wirePointer(map, s);
  wireTestHooks(map, el);
  return map;
}
