import 'maplibre-gl/dist/maplibre-gl.css';
import {
  type GeoJSONSource,
  type MapGeoJSONFeature,
  Map as MapLibreMap,
  type MapMouseEvent,
  Marker,
  NavigationControl,
  ScaleControl,
} from 'maplibre-gl';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HavenConfig, JurisdictionCollection, JurisdictionLevel } from '../api/types.ts';
import { mapUiStrings } from './map-locale.ts';
import {
  FILL_LAYER_IDS,
  jurisdictionLayers,
  offlineStyle,
  SELECTED_LAYER_IDS,
  SOURCE_ID,
  selectedFilter,
} from './map-style.ts';
import { collectionBbox, featureBbox, levelRank } from './tree.ts';

/** Props of the jurisdiction map. */
export interface JurisdictionMapProps {
  config: HavenConfig;
  data: JurisdictionCollection | null;
  selectedId: string | null;
  /** Bumped by the caller to fly to the selection (e.g. chosen in the list). */
  focusRequest: number;
  onSelect: (id: string | null) => void;
  /** Names drawn as HTML markers (the offline style has no glyphs for map text). */
  labels?: MapLabel[];
}

/** A name placed on the map. */
export interface MapLabel {
  id: string;
  text: string;
  at: [number, number];
}

type View = { center: [number, number]; zoom: number } | null;

/** Deepest jurisdiction among features under the pointer (a grid wins over its village). */
function pickDeepest(features: MapGeoJSONFeature[]): string | null {
  let best: MapGeoJSONFeature | null = null;
  for (const f of features) {
    const rank = levelRank(f.properties.level as JurisdictionLevel);
    if (!best || rank > levelRank(best.properties.level as JurisdictionLevel)) best = f;
  }
  return best ? String(best.properties.id) : null;
}

// Features without a boundary yet (geometry null) are valid GeoJSON; MapLibre skips them,
// its types just do not say so.
const asSourceData = (data: JurisdictionCollection | null) =>
  (data ?? { type: 'FeatureCollection', features: [] }) as GeoJSON.FeatureCollection;

function addJurisdictionLayers(map: MapLibreMap, data: JurisdictionCollection | null): void {
  if (map.getSource(SOURCE_ID)) return;
  map.addSource(SOURCE_ID, {
    type: 'geojson',
    data: asSourceData(data),
    promoteId: 'id',
  });
  for (const layer of jurisdictionLayers()) map.addLayer(layer);
}

/** MapLibre map of the jurisdiction boundaries; works offline, or on top of `config.mapStyle`. */
export function JurisdictionMap({
  config,
  data,
  selectedId,
  focusRequest,
  onSelect,
  labels = [],
}: JurisdictionMapProps) {
  const { t, i18n } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MapLibreMap | null>(null);
  const view = useRef<View>(null);
  const latest = useRef({ data, selectedId, onSelect });
  latest.current = { data, selectedId, onSelect };
  const [ready, setReady] = useState(false);
  const [styleFailed, setStyleFailed] = useState(false);

  // Re-created when the language changes so MapLibre's own control labels follow it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: t changes with the language
  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const v = view.current;
    let usingOffline = !config.mapStyle;
    let styleLoaded = false;
    const map = new MapLibreMap({
      container: el,
      style: config.mapStyle ?? offlineStyle(),
      center: v?.center ?? config.center,
      zoom: v?.zoom ?? config.zoom,
      locale: mapUiStrings(t),
      attributionControl: { compact: true },
      dragRotate: false,
      pitchWithRotate: false,
      fadeDuration: 0,
    });
    mapRef.current = map;
    map.touchZoomRotate.disableRotation();
    map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
    map.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-left');
    map.getCanvas().setAttribute('aria-label', t('map.canvasLabel'));

    map.on('style.load', () => {
      styleLoaded = true;
      addJurisdictionLayers(map, latest.current.data);
      map.setFilter('haven-selected-fill', selectedFilter(latest.current.selectedId));
      map.setFilter('haven-selected-line', selectedFilter(latest.current.selectedId));
      setReady(true);
    });
    map.on('error', (e) => {
      // A remote style that cannot load (offline site) falls back to the built-in one;
      // later tile errors of a loaded style only leave gaps under the boundaries.
      if (!usingOffline && !styleLoaded) {
        usingOffline = true;
        setStyleFailed(true);
        map.setStyle(offlineStyle());
      } else console.warn('map error', e.error);
    });
    map.on('moveend', () => {
      const c = map.getCenter();
      view.current = { center: [c.lng, c.lat], zoom: map.getZoom() };
    });
    map.on('click', (e: MapMouseEvent) => {
      const layers = FILL_LAYER_IDS.filter((id) => map.getLayer(id));
      latest.current.onSelect(pickDeepest(map.queryRenderedFeatures(e.point, { layers })));
    });
    let hovered: string | number | undefined;
    map.on('mousemove', (e: MapMouseEvent) => {
      const layers = FILL_LAYER_IDS.filter((id) => map.getLayer(id));
      const id = pickDeepest(map.queryRenderedFeatures(e.point, { layers })) ?? undefined;
      if (id === hovered) return;
      if (hovered !== undefined) map.setFeatureState({ source: SOURCE_ID, id: hovered }, { hover: false });
      hovered = id;
      if (id !== undefined) map.setFeatureState({ source: SOURCE_ID, id }, { hover: true });
      map.getCanvas().style.cursor = id === undefined ? '' : 'pointer';
    });
    map.on('idle', () => {
      const layers = FILL_LAYER_IDS.filter((id) => map.getLayer(id));
      el.dataset.renderedFeatures = String(layers.length ? map.queryRenderedFeatures({ layers }).length : 0);
      el.dataset.idle = 'true';
    });
    map.on('render', () => {
      el.dataset.idle = 'false';
    });
    return () => {
      setReady(false);
      mapRef.current = null;
      map.remove();
    };
  }, [config.mapStyle, config.center, config.zoom, i18n.language]);

  // New data: update the source; on the first data, frame the whole jurisdiction.
  const framed = useRef(false);
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !ready || !data) return;
    (map.getSource(SOURCE_ID) as GeoJSONSource | undefined)?.setData(asSourceData(data));
    container.current?.setAttribute('data-feature-count', String(data.features.length));
    if (!framed.current && !view.current) {
      const box = collectionBbox(data.features);
      if (box) map.fitBounds(box, { padding: 24, animate: false });
    }
    framed.current = true;
  }, [data, ready]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !ready) return;
    for (const id of SELECTED_LAYER_IDS) map.setFilter(id, selectedFilter(selectedId));
  }, [selectedId, ready]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !ready) return;
    const markers = labels.map((l) => {
      const el = document.createElement('div');
      el.className = 'map-label';
      el.textContent = l.text;
      // The same names are in the list beside the map; screen readers need them only once.
      el.setAttribute('aria-hidden', 'true');
      return new Marker({ element: el }).setLngLat(l.at).addTo(map);
    });
    return () => {
      for (const m of markers) m.remove();
    };
  }, [labels, ready]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: only an explicit request moves the map
  useEffect(() => {
    const map = mapRef.current;
    const f = selectedId ? data?.features.find((x) => x.properties.id === selectedId) : undefined;
    const box = f ? featureBbox(f) : null;
    if (map && box && focusRequest > 0) map.fitBounds(box, { padding: 48, maxZoom: 16, duration: 400 });
  }, [focusRequest]);

  return (
    <div className="map-wrap">
      <div
        ref={container}
        className="map"
        data-testid="jurisdiction-map"
        data-style={config.mapStyle && !styleFailed ? 'remote' : 'offline'}
      />
      {styleFailed && (
        <p className="map-note" role="status">
          {t('map.styleFallback')}
        </p>
      )}
    </div>
  );
}
