import maplibregl, { type GeoJSONSource, type Map as MapLibreMap } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import { useEffect, useRef } from 'react';
import { offlineStyle } from '../map/map-style.ts';

/** A GeoJSON FeatureCollection of H3 hexagons with Gi* properties. */
export interface HexCollection {
  type: 'FeatureCollection';
  features: {
    type: 'Feature';
    id: string;
    geometry: { type: 'Polygon'; coordinates: number[][][] };
    properties: Record<string, unknown>;
  }[];
}

function bounds(fc: HexCollection): [number, number, number, number] | null {
  let w = 180;
  let s = 90;
  let e = -180;
  let n = -90;
  for (const f of fc.features)
    for (const [x, y] of f.geometry.coordinates[0]!) {
      w = Math.min(w, x!);
      e = Math.max(e, x!);
      s = Math.min(s, y!);
      n = Math.max(n, y!);
    }
  return w <= e ? [w, s, e, n] : null;
}

/** MapLibre map showing Gi* hexagons: red hot, blue cold, grey not significant. */
export function HexMap({
  data,
  areas,
  label,
}: {
  data: HexCollection | null;
  /** CAP warning areas (local and ingested) drawn as outlines. */
  areas?: { type: 'FeatureCollection'; features: unknown[] } | null;
  label: string;
}) {
  const el = useRef<HTMLDivElement>(null);
  const map = useRef<MapLibreMap | null>(null);
  useEffect(() => {
    if (!el.current) return;
    const m = new maplibregl.Map({
      container: el.current,
      style: offlineStyle(),
      center: [113.95, 22.62],
      zoom: 10,
    });
    m.on('load', () => {
      m.addSource('hexes', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
      m.addLayer({
        id: 'hex-fill',
        type: 'fill',
        source: 'hexes',
        paint: {
          'fill-color': ['match', ['get', 'kind'], 'hot', '#d7301f', 'cold', '#2b8cbe', '#bdbdbd'],
          'fill-opacity': ['match', ['get', 'kind'], 'hot', 0.75, 'cold', 0.6, 0.25],
        },
      });
      m.addLayer({
        id: 'hex-line',
        type: 'line',
        source: 'hexes',
        paint: { 'line-color': '#555', 'line-width': 0.3 },
      });
      m.addSource('cap-areas', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
      m.addLayer({
        id: 'cap-line',
        type: 'line',
        source: 'cap-areas',
        paint: { 'line-color': '#8e24aa', 'line-width': 2, 'line-dasharray': [2, 1] },
      });
      map.current = m;
      m.fire('haven:ready');
    });
    return () => {
      map.current = null;
      m.remove();
    };
  }, []);
  useEffect(() => {
    const apply = () => {
      const m = map.current;
      if (!m || !data) return;
      (m.getSource('hexes') as GeoJSONSource).setData(data as never);
      const b = bounds(data);
      if (b) m.fitBounds(b, { padding: 30, duration: 0 });
    };
    apply();
    const t = setInterval(() => {
      if (map.current) {
        apply();
        clearInterval(t);
      }
    }, 200);
    return () => clearInterval(t);
  }, [data]);
  useEffect(() => {
    const t = setInterval(() => {
      const m = map.current;
      if (!m || !areas) return;
      (m.getSource('cap-areas') as GeoJSONSource | undefined)?.setData(areas as never);
      clearInterval(t);
    }, 200);
    return () => clearInterval(t);
  }, [areas]);
  return (
    <div
      ref={el}
      className="analysis-map"
      role="img"
      aria-label={label}
      data-testid="hex-map"
      data-hexes={data?.features.length ?? 0}
      style={{ height: 420, width: '100%' }}
    />
  );
}
