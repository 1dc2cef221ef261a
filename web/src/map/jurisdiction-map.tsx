import 'maplibre-gl/dist/maplibre-gl.css';
import { type GeoJSONSource, type Map as MapLibreMap, Marker } from 'maplibre-gl';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HavenConfig, JurisdictionCollection } from '../api/types.ts';
import { mapUiStrings } from './map-locale.ts';
import { asSourceData, createJurisdictionMap, type MapView } from './map-setup.ts';
import { SELECTED_LAYER_IDS, SOURCE_ID, selectedFilter } from './map-style.ts';
import { collectionBbox, featureBbox } from './tree.ts';

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
  const view = useRef<MapView | null>(null);
  const latest = useRef({ data, selectedId, onSelect });
  latest.current = { data, selectedId, onSelect };
  const [ready, setReady] = useState(false);
  const [styleFailed, setStyleFailed] = useState(false);

  // Re-created when the language changes so MapLibre's own control labels follow it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: t changes with the language
  useEffect(() => {
    if (!container.current) return;
    const map = createJurisdictionMap(container.current, {
      style: config.mapStyle,
      view: view.current ?? { center: config.center, zoom: config.zoom },
      uiStrings: mapUiStrings(t),
      canvasLabel: t('map.canvasLabel'),
      current: () => latest.current,
      onReady: () => setReady(true),
      onStyleFallback: () => setStyleFailed(true),
      onPick: (id) => latest.current.onSelect(id),
      onMove: (v) => {
        view.current = v;
      },
    });
    mapRef.current = map;
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
