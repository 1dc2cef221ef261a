import 'maplibre-gl/dist/maplibre-gl.css';
import { type GeoJSONSource, Map as MapLibreMap, type MapMouseEvent, NavigationControl } from 'maplibre-gl';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { mapUiStrings } from '../map/map-locale.ts';
import { jurisdictionLayers, offlineStyle, SOURCE_ID } from '../map/map-style.ts';
import type { AreaCollection } from './api.ts';

/** A point drawn on the grid map. */
export interface MapPoint {
  id: string;
  lon: number;
  lat: number;
  /** Drawn red when true (overdue, escalated). */
  alert?: boolean;
  selected?: boolean;
}

const POINTS = 'grid-points';
const PICK = 'grid-pick';
const EMPTY = { type: 'FeatureCollection' as const, features: [] };

function pointData(points: readonly MapPoint[]) {
  return {
    type: 'FeatureCollection' as const,
    features: points.map((p) => ({
      type: 'Feature' as const,
      id: p.id,
      properties: { id: p.id, alert: p.alert ?? false, selected: p.selected ?? false },
      geometry: { type: 'Point' as const, coordinates: [p.lon, p.lat] },
    })),
  };
}

function pickData(pick: { lon: number; lat: number } | null) {
  if (!pick) return EMPTY;
  return {
    type: 'FeatureCollection' as const,
    features: [
      {
        type: 'Feature' as const,
        properties: {},
        geometry: { type: 'Point' as const, coordinates: [pick.lon, pick.lat] },
      },
    ],
  };
}

function bboxOf(fc: AreaCollection): [number, number, number, number] | null {
  let b: [number, number, number, number] | null = null;
  const visit = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      const [x, y] = c as [number, number];
      b = b ? [Math.min(b[0], x), Math.min(b[1], y), Math.max(b[2], x), Math.max(b[3], y)] : [x, y, x, y];
    } else if (Array.isArray(c)) for (const x of c) visit(x);
  };
  for (const f of fc.features) visit((f.geometry as { coordinates?: unknown } | null)?.coordinates);
  return b;
}

function addLayers(map: MapLibreMap): void {
  map.addSource(SOURCE_ID, { type: 'geojson', data: EMPTY, promoteId: 'id' });
  for (const layer of jurisdictionLayers()) map.addLayer(layer);
  map.addSource(POINTS, { type: 'geojson', data: EMPTY });
  map.addLayer({
    id: POINTS,
    type: 'circle',
    source: POINTS,
    paint: {
      'circle-radius': ['case', ['get', 'selected'], 9, 6],
      'circle-color': ['case', ['get', 'alert'], '#c0392b', '#1f5f8b'],
      'circle-stroke-color': '#ffffff',
      'circle-stroke-width': ['case', ['get', 'selected'], 3, 1.5],
    },
  });
  map.addSource(PICK, { type: 'geojson', data: EMPTY });
  map.addLayer({
    id: PICK,
    type: 'circle',
    source: PICK,
    paint: {
      'circle-radius': 10,
      'circle-color': '#e67e22',
      'circle-stroke-color': '#ffffff',
      'circle-stroke-width': 3,
    },
  });
}

/**
 * MapLibre map of the grid module: boundaries (offline style), request points (click to select)
 * and an optional picked place (click elsewhere to pick). Works without a tile server.
 */
export function GridMap({
  areas,
  points = [],
  pick = null,
  onPick,
  onPoint,
  center,
  zoom,
  label,
  testId = 'grid-map',
  height = 360,
}: {
  areas: AreaCollection | null;
  points?: readonly MapPoint[];
  pick?: { lon: number; lat: number } | null;
  onPick?: (p: { lon: number; lat: number }) => void;
  onPoint?: (id: string) => void;
  center: [number, number];
  zoom: number;
  label: string;
  testId?: string;
  height?: number;
}) {
  const { t } = useTranslation();
  const el = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MapLibreMap | null>(null);
  const handlers = useRef({ onPick, onPoint });
  handlers.current = { onPick, onPoint };
  const [ready, setReady] = useState(false);

  // biome-ignore lint/correctness/useExhaustiveDependencies: created once per mount
  useEffect(() => {
    if (!el.current) return;
    const map = new MapLibreMap({
      container: el.current,
      style: offlineStyle(),
      center,
      zoom,
      locale: mapUiStrings(t),
      attributionControl: false,
      dragRotate: false,
      fadeDuration: 0,
    });
    mapRef.current = map;
    map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
    map.getCanvas().setAttribute('aria-label', label);
    map.on('load', () => {
      addLayers(map);
      setReady(true);
    });
    map.on('click', (e: MapMouseEvent) => {
      const hit = map.getLayer(POINTS)
        ? map.queryRenderedFeatures(e.point, { layers: [POINTS] })[0]
        : undefined;
      if (hit && handlers.current.onPoint) handlers.current.onPoint(String(hit.properties.id));
      else handlers.current.onPick?.({ lon: e.lngLat.lng, lat: e.lngLat.lat });
    });
    map.on('idle', () => {
      if (el.current) el.current.dataset.idle = 'true';
    });
    map.on('render', () => {
      if (el.current) el.current.dataset.idle = 'false';
    });
    return () => {
      mapRef.current = null;
      setReady(false);
      map.remove();
    };
  }, []);

  const framed = useRef(false);
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !ready || !areas) return;
    (map.getSource(SOURCE_ID) as GeoJSONSource).setData(areas as never);
    const b = bboxOf(areas);
    if (b && !framed.current) map.fitBounds(b, { padding: 20, animate: false });
    framed.current = true;
  }, [areas, ready]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !ready) return;
    (map.getSource(POINTS) as GeoJSONSource).setData(pointData(points));
    if (el.current) el.current.dataset.points = String(points.length);
  }, [points, ready]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !ready) return;
    (map.getSource(PICK) as GeoJSONSource).setData(pickData(pick));
  }, [pick, ready]);

  return (
    <div className="grid-map-wrap" style={{ height }}>
      <div ref={el} className="grid-map" data-testid={testId} data-ready={ready ? 'true' : 'false'} />
    </div>
  );
}
