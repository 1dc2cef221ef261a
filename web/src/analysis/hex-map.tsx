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

/** Which analysis layer the map shows. */
export type MapLayer = 'hotspots' | 'density' | 'choropleth';

/** Any GeoJSON FeatureCollection (jurisdiction polygons may be multipolygons or null). */
export interface AnyCollection {
  type: 'FeatureCollection';
  features: {
    geometry: { type: string; coordinates: unknown } | null;
    properties: Record<string, unknown>;
  }[];
}

/** A sequential colour scale: colours[i] for values ≥ breaks[i - 1] (5 classes). */
export interface ColourScale {
  colours: string[];
  breaks: number[];
}

const LAYERS: Record<MapLayer, string[]> = {
  hotspots: ['hex-fill', 'hex-line'],
  density: ['kde-fill'],
  choropleth: ['choro-fill', 'choro-line'],
};

function stepExpression(property: string, scale: ColourScale): unknown {
  return [
    'step',
    ['get', property],
    scale.colours[0],
    ...scale.breaks.flatMap((b, i) => [b, scale.colours[i + 1]]),
  ];
}

function collectionBounds(fc: AnyCollection): [number, number, number, number] | null {
  let w = 180;
  let s = 90;
  let e = -180;
  let n = -90;
  const visit = (c: unknown): void => {
    if (!Array.isArray(c)) return;
    if (typeof c[0] === 'number') {
      w = Math.min(w, c[0]);
      e = Math.max(e, c[0]);
      s = Math.min(s, c[1] as number);
      n = Math.max(n, c[1] as number);
    } else for (const x of c) visit(x);
  };
  for (const f of fc.features) visit(f.geometry?.coordinates);
  return w <= e ? [w, s, e, n] : null;
}

/**
 * MapLibre map of one analysis layer: Gi* hexagons (red hot, blue cold, grey not significant),
 * kernel density on H3 cells, or a choropleth of counts by jurisdiction; CAP areas as outlines.
 */
export function HexMap({
  data,
  areas,
  label,
  layer = 'hotspots',
  density = null,
  densityScale,
  choropleth = null,
  choroplethScale,
}: {
  data: HexCollection | null;
  /** CAP warning areas (local and ingested) drawn as outlines. */
  areas?: { type: 'FeatureCollection'; features: unknown[] } | null;
  label: string;
  layer?: MapLayer;
  density?: AnyCollection | null;
  densityScale?: ColourScale;
  choropleth?: AnyCollection | null;
  choroplethScale?: ColourScale;
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
      m.addSource('kde', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
      m.addLayer({
        id: 'kde-fill',
        type: 'fill',
        source: 'kde',
        layout: { visibility: 'none' },
        paint: { 'fill-color': '#fd8d3c', 'fill-opacity': 0.75 },
      });
      m.addSource('choro', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
      m.addLayer({
        id: 'choro-fill',
        type: 'fill',
        source: 'choro',
        layout: { visibility: 'none' },
        paint: { 'fill-color': '#ffffb2', 'fill-opacity': 0.75 },
      });
      m.addLayer({
        id: 'choro-line',
        type: 'line',
        source: 'choro',
        layout: { visibility: 'none' },
        paint: { 'line-color': '#444', 'line-width': 0.8 },
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
  // The chosen layer's data, colours and visibility, once the map has loaded.
  useEffect(() => {
    const apply = (m: MapLibreMap) => {
      for (const [name, ids] of Object.entries(LAYERS))
        for (const id of ids) m.setLayoutProperty(id, 'visibility', name === layer ? 'visible' : 'none');
      const shown = layer === 'density' ? density : layer === 'choropleth' ? choropleth : null;
      if (layer === 'density' && density) {
        (m.getSource('kde') as GeoJSONSource).setData(density as never);
        if (densityScale)
          m.setPaintProperty('kde-fill', 'fill-color', stepExpression('density', densityScale) as never);
      }
      if (layer === 'choropleth' && choropleth) {
        (m.getSource('choro') as GeoJSONSource).setData(choropleth as never);
        if (choroplethScale)
          m.setPaintProperty('choro-fill', 'fill-color', stepExpression('count', choroplethScale) as never);
      }
      const b = shown ? collectionBounds(shown) : null;
      if (b) m.fitBounds(b, { padding: 30, duration: 0 });
    };
    if (map.current) {
      apply(map.current);
      return;
    }
    const t = setInterval(() => {
      if (map.current) {
        apply(map.current);
        clearInterval(t);
      }
    }, 200);
    return () => clearInterval(t);
  }, [layer, density, densityScale, choropleth, choroplethScale]);
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
      data-layer={layer}
      data-density-cells={density?.features.length ?? 0}
      data-choropleth-areas={choropleth?.features.length ?? 0}
      style={{ height: 420, width: '100%' }}
    />
  );
}
