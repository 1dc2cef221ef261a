import 'maplibre-gl/dist/maplibre-gl.css';
import {
  type GeoJSONSource,
  Map as MapLibreMap,
  type MapMouseEvent,
  NavigationControl,
  ScaleControl,
} from 'maplibre-gl';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HavenConfig } from '../api/types.ts';
import { useJurisdictions } from '../map/jurisdiction-store.ts';
import { mapUiStrings } from '../map/map-locale.ts';
import { offlineStyle } from '../map/map-style.ts';
import { collectionBbox } from '../map/tree.ts';
import { useDt } from './i18n.ts';

/** An incident drawn on the map. */
export interface MapIncident {
  id: string;
  lon: number;
  lat: number;
  priority: number;
  overdue: boolean;
}

/** A unit drawn on the map. */
export interface MapUnit {
  id: string;
  lon: number;
  lat: number;
  busy: boolean;
}

/** Props of the dispatch map. */
export interface DispatchMapProps {
  config: HavenConfig;
  incidents?: MapIncident[];
  units?: MapUnit[];
  selectedId?: string | null;
  route?: [number, number][] | null;
  pick?: [number, number] | null;
  /** When set, a click sets a point instead of selecting an incident. */
  onPick?: (at: [number, number]) => void;
  onSelect?: (id: string) => void;
  /** Bumped with a new target to fly there. */
  focus?: { at: [number, number]; n: number } | null;
  testId?: string;
  /** Frame all incidents, units and the route the first time there are any. */
  fitOnce?: boolean;
}

const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };

const points = <T extends { lon: number; lat: number }>(
  items: T[],
  props: (x: T) => Record<string, unknown>,
) =>
  ({
    type: 'FeatureCollection',
    features: items.map((x) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [x.lon, x.lat] },
      properties: props(x),
    })),
  }) as GeoJSON.FeatureCollection;

function addLayers(map: MapLibreMap): void {
  for (const id of ['d-juris', 'd-route', 'd-units', 'd-incidents', 'd-pick']) {
    map.addSource(id, { type: 'geojson', data: EMPTY });
  }
  map.addLayer({
    id: 'd-juris-line',
    type: 'line',
    source: 'd-juris',
    paint: {
      'line-color': '#8fa3b5',
      'line-width': ['match', ['get', 'level'], 'county', 2, 'township', 1.4, 0.6],
    },
  });
  map.addLayer({
    id: 'd-route-line',
    type: 'line',
    source: 'd-route',
    layout: { 'line-join': 'round', 'line-cap': 'round' },
    paint: { 'line-color': '#1f5f8b', 'line-width': 4, 'line-opacity': 0.8 },
  });
  map.addLayer({
    id: 'd-units-circle',
    type: 'circle',
    source: 'd-units',
    paint: {
      'circle-radius': 5,
      'circle-color': ['case', ['get', 'busy'], '#6b7280', '#1e7b4f'],
      'circle-stroke-color': '#ffffff',
      'circle-stroke-width': 1.5,
    },
  });
  map.addLayer({
    id: 'd-incidents-circle',
    type: 'circle',
    source: 'd-incidents',
    paint: {
      'circle-radius': ['case', ['get', 'selected'], 10, 7],
      'circle-color': ['match', ['get', 'priority'], 1, '#b42318', 2, '#d97706', 3, '#1f5f8b', '#5b6875'],
      'circle-stroke-color': [
        'case',
        ['get', 'selected'],
        '#111827',
        ['get', 'overdue'],
        '#b42318',
        '#ffffff',
      ],
      'circle-stroke-width': ['case', ['get', 'selected'], 3, ['get', 'overdue'], 3, 1.5],
    },
  });
  map.addLayer({
    id: 'd-pick-circle',
    type: 'circle',
    source: 'd-pick',
    paint: {
      'circle-radius': 8,
      'circle-color': '#d97706',
      'circle-stroke-color': '#111827',
      'circle-stroke-width': 2,
    },
  });
}

/** Whether `m` is the map instance still owned by the component (not one removed by a re-create). */
function isCurrent(ref: { current: MapLibreMap | null }, m: MapLibreMap | null): m is MapLibreMap {
  return m !== null && m === ref.current;
}

function setData(map: MapLibreMap, id: string, data: GeoJSON.FeatureCollection): void {
  if (!(map as unknown as { style?: unknown }).style) return;
  (map.getSource(id) as GeoJSONSource | undefined)?.setData(data);
}

/** MapLibre map of incidents, units, a route and a picked point; works with the offline style. */
export function DispatchMap(props: DispatchMapProps) {
  const { t, i18n } = useTranslation();
  const { dt } = useDt();
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MapLibreMap | null>(null);
  const latest = useRef(props);
  latest.current = props;
  const view = useRef<{ center: [number, number]; zoom: number } | null>(null);
  const [ready, setReady] = useState(false);
  const { data: juris } = useJurisdictions();
  const { config } = props;

  // biome-ignore lint/correctness/useExhaustiveDependencies: re-created with the language for MapLibre's labels
  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const v = view.current;
    const map = new MapLibreMap({
      container: el,
      style: offlineStyle(),
      center: v?.center ?? config.center,
      zoom: v?.zoom ?? config.zoom,
      locale: mapUiStrings(t),
      attributionControl: false,
      dragRotate: false,
      pitchWithRotate: false,
      fadeDuration: 0,
    });
    mapRef.current = map;
    map.touchZoomRotate.disableRotation();
    map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
    map.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-left');
    map.getCanvas().setAttribute('aria-label', dt('map.label'));
    map.on('style.load', () => {
      addLayers(map);
      setReady(true);
    });
    map.on('moveend', () => {
      const c = map.getCenter();
      view.current = { center: [c.lng, c.lat], zoom: map.getZoom() };
    });
    map.on('click', (e: MapMouseEvent) => {
      const p = latest.current;
      if (p.onPick) {
        p.onPick([Number(e.lngLat.lng.toFixed(6)), Number(e.lngLat.lat.toFixed(6))]);
        return;
      }
      const hit = map.queryRenderedFeatures(e.point, { layers: ['d-incidents-circle'] })[0];
      if (hit && p.onSelect) p.onSelect(String(hit.properties.id));
    });
    map.on('mousemove', (e: MapMouseEvent) => {
      const hit = map.queryRenderedFeatures(e.point, { layers: ['d-incidents-circle'] }).length > 0;
      map.getCanvas().style.cursor = latest.current.onPick ? 'crosshair' : hit ? 'pointer' : '';
    });
    map.on('idle', () => {
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
  }, [config.center, config.zoom, i18n.language]);

  // A language switch re-creates the map; effects of the render before it must not touch the
  // removed instance, so `map` is only the current, loaded one.
  const map = ready ? mapRef.current : null;
  useEffect(() => {
    if (isCurrent(mapRef, map) && juris) setData(map, 'd-juris', toLines(juris));
  }, [map, juris]);
  const { incidents, units, selectedId, route, pick, focus, fitOnce } = props;
  const fitted = useRef(false);
  // First frame: the given points (fitOnce) or else the served area; the user's view after that.
  useEffect(() => {
    if (!isCurrent(mapRef, map) || fitted.current) return;
    const all: [number, number][] = fitOnce
      ? [
          ...(incidents ?? []).map((x): [number, number] => [x.lon, x.lat]),
          ...(units ?? []).map((x): [number, number] => [x.lon, x.lat]),
          ...(route ?? []),
        ]
      : pick
        ? [pick]
        : [];
    let box: [number, number, number, number] | null = null;
    if (all.length > 0) {
      const lons = all.map((p) => p[0]);
      const lats = all.map((p) => p[1]);
      box = [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
    } else if (juris) {
      box = collectionBbox(juris.features);
    }
    if (!box) return;
    fitted.current = true;
    map.fitBounds(box, { padding: 40, maxZoom: 15, animate: false });
  }, [map, fitOnce, incidents, units, route, pick, juris]);
  useEffect(() => {
    if (!isCurrent(mapRef, map)) return;
    setData(
      map,
      'd-incidents',
      points(incidents ?? [], (x) => ({
        id: x.id,
        priority: x.priority,
        overdue: x.overdue,
        selected: x.id === selectedId,
      })),
    );
  }, [map, incidents, selectedId]);
  useEffect(() => {
    if (isCurrent(mapRef, map))
      setData(
        map,
        'd-units',
        points(units ?? [], (x) => ({ id: x.id, busy: x.busy })),
      );
  }, [map, units]);
  useEffect(() => {
    if (!isCurrent(mapRef, map)) return;
    setData(
      map,
      'd-route',
      route && route.length > 1
        ? {
            type: 'FeatureCollection',
            features: [
              { type: 'Feature', geometry: { type: 'LineString', coordinates: route }, properties: {} },
            ],
          }
        : EMPTY,
    );
  }, [map, route]);
  useEffect(() => {
    if (isCurrent(mapRef, map))
      setData(map, 'd-pick', pick ? points([{ lon: pick[0], lat: pick[1] }], () => ({})) : EMPTY);
  }, [map, pick]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new request moves the map
  useEffect(() => {
    if (isCurrent(mapRef, map) && focus) map.easeTo({ center: focus.at, duration: 300 });
  }, [map, focus?.n]);

  return (
    <div
      ref={container}
      className="d-map"
      data-testid={props.testId ?? 'dispatch-map'}
      data-incidents={incidents?.length ?? 0}
      data-units={units?.length ?? 0}
      data-pick={pick ? pick.join(',') : ''}
    />
  );
}

// Outlines as lines only: on an operations map the fills would hide the points.
function toLines(fc: {
  features: { geometry: unknown; properties: { level: string } }[];
}): GeoJSON.FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: fc.features
      .filter((f) => f.geometry)
      .map((f) => ({
        type: 'Feature',
        geometry: f.geometry as GeoJSON.Geometry,
        properties: { level: f.properties.level },
      })),
  };
}
