// The beats of a design on a MapLibre map (offline style like the other maps): atoms coloured by
// beat, beat outlines on top. Atoms are picked by click, or by keyboard: focus the map and use the
// arrow keys to step to the neighbouring atom in that direction (the form beside it moves it).
import maplibregl, { type GeoJSONSource, type Map as MapLibreMap } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import { useEffect, useMemo, useRef, useState } from 'react';
import { offlineStyle } from '../map/map-style.ts';
import type { AtomFeature, BeatFeature } from './patrol-api.ts';

const PALETTE = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
  '#86bcb6',
  '#d37295',
];

/** Colour of beat `i`. */
export const beatColour = (i: number) => PALETTE[i % PALETTE.length]!;

type Rings = number[][][];
type Geometry = { type: string; coordinates: unknown };

function polygonsOf(g: Geometry): Rings[] {
  return (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as Rings[];
}

function bounds(features: { geometry: Geometry }[]): [number, number, number, number] | null {
  const b = [Infinity, Infinity, -Infinity, -Infinity];
  for (const f of features)
    for (const poly of polygonsOf(f.geometry))
      for (const [x, y] of poly[0] ?? []) {
        b[0] = Math.min(b[0]!, x!);
        b[1] = Math.min(b[1]!, y!);
        b[2] = Math.max(b[2]!, x!);
        b[3] = Math.max(b[3]!, y!);
      }
  return b[0]! <= b[2]! ? (b as [number, number, number, number]) : null;
}

/** Centre of an atom: mean of its outer ring(s) (good enough for hexagons and clipped hexagons). */
function centreOf(g: Geometry): [number, number] {
  let x = 0;
  let y = 0;
  let n = 0;
  for (const poly of polygonsOf(g))
    for (const [px, py] of (poly[0] ?? []).slice(0, -1)) {
      x += px!;
      y += py!;
      n++;
    }
  return n > 0 ? [x / n, y / n] : [0, 0];
}

/** Direction of an arrow key as (east, north). */
const ARROWS: Record<string, [number, number]> = {
  ArrowRight: [1, 0],
  ArrowLeft: [-1, 0],
  ArrowUp: [0, 1],
  ArrowDown: [0, -1],
};

/**
 * The atom to select after pressing an arrow: the nearest atom within 60° of the direction
 * (distance penalised by how far off the direction it lies); with nothing selected, the atom
 * nearest the middle of all atoms.
 */
export function nextAtom(
  centres: readonly { id: string; at: [number, number] }[],
  current: string | null,
  dir: [number, number],
): string | null {
  if (centres.length === 0) return null;
  const from = centres.find((c) => c.id === current);
  if (!from) {
    const mx = centres.reduce((s, c) => s + c.at[0], 0) / centres.length;
    const my = centres.reduce((s, c) => s + c.at[1], 0) / centres.length;
    let best = centres[0]!;
    for (const c of centres)
      if ((c.at[0] - mx) ** 2 + (c.at[1] - my) ** 2 < (best.at[0] - mx) ** 2 + (best.at[1] - my) ** 2)
        best = c;
    return best.id;
  }
  const k = Math.cos((from.at[1] * Math.PI) / 180);
  let bestId = from.id;
  let bestScore = Infinity;
  for (const c of centres) {
    if (c.id === from.id) continue;
    const dx = (c.at[0] - from.at[0]) * k;
    const dy = c.at[1] - from.at[1];
    const d = Math.hypot(dx, dy);
    if (d === 0) continue;
    const cos = (dx * dir[0] + dy * dir[1]) / d;
    if (cos < 0.5) continue;
    const score = d * (2 - cos);
    if (score < bestScore) {
      bestScore = score;
      bestId = c.id;
    }
  }
  return bestId;
}

/** Props of the beat map. */
export interface BeatMapProps {
  atoms: AtomFeature[];
  beats: BeatFeature[];
  selected: string | null;
  onSelect: (atomId: string) => void;
  label: string;
  /** Read out when an atom is selected: its id and beat. */
  describe: (atomId: string, beat: string) => string;
  /** Beat codes by index (for the read-out). */
  beatIds: string[];
}

const EMPTY = { type: 'FeatureCollection', features: [] } as GeoJSON.FeatureCollection;

/** MapLibre map of a design's atoms and beats, selectable by click and arrow keys. */
export function BeatMap({ atoms, beats, selected, onSelect, label, describe, beatIds }: BeatMapProps) {
  const el = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MapLibreMap | null>(null);
  const [ready, setReady] = useState(false);
  const pick = useRef(onSelect);
  pick.current = onSelect;

  useEffect(() => {
    if (!el.current) return;
    const map = new maplibregl.Map({
      container: el.current,
      style: offlineStyle(),
      center: [113.95, 22.62],
      zoom: 9,
      dragRotate: false,
      pitchWithRotate: false,
      fadeDuration: 0,
      attributionControl: false,
      // Arrow keys select atoms here (see onKeyDown), not pan; the wrapper is the one tab stop.
      keyboard: false,
    });
    map.touchZoomRotate.disableRotation();
    map.getCanvas().setAttribute('tabindex', '-1');
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    map.on('load', () => {
      map.addSource('atoms', { type: 'geojson', data: EMPTY, promoteId: 'id' });
      map.addSource('beats', { type: 'geojson', data: EMPTY });
      map.addLayer({
        id: 'atom-fill',
        type: 'fill',
        source: 'atoms',
        paint: { 'fill-color': ['get', 'colour'], 'fill-opacity': 0.55 },
      });
      map.addLayer({
        id: 'atom-line',
        type: 'line',
        source: 'atoms',
        paint: { 'line-color': '#ffffff', 'line-width': 0.5 },
      });
      map.addLayer({
        id: 'beat-line',
        type: 'line',
        source: 'beats',
        paint: { 'line-color': '#1d2b36', 'line-width': 2 },
      });
      map.addLayer({
        id: 'atom-selected',
        type: 'line',
        source: 'atoms',
        filter: ['==', ['get', 'id'], ''],
        paint: { 'line-color': '#000000', 'line-width': 3 },
      });
      map.on('click', 'atom-fill', (e) => {
        const id = e.features?.[0]?.properties?.id;
        if (typeof id === 'string') pick.current(id);
      });
      map.on('mouseenter', 'atom-fill', () => {
        map.getCanvas().style.cursor = 'pointer';
      });
      map.on('mouseleave', 'atom-fill', () => {
        map.getCanvas().style.cursor = '';
      });
      map.on('idle', () => {
        if (el.current) el.current.dataset.idle = 'true';
      });
      map.on('render', () => {
        if (el.current) el.current.dataset.idle = 'false';
      });
      mapRef.current = map;
      setReady(true);
    });
    return () => {
      mapRef.current = null;
      setReady(false);
      map.remove();
    };
  }, []);

  const atomData = useMemo(
    () =>
      ({
        type: 'FeatureCollection',
        features: atoms.map((a) => ({
          type: 'Feature',
          id: a.id,
          geometry: a.geometry,
          properties: { ...a.properties, colour: beatColour(a.properties.beat) },
        })),
      }) as GeoJSON.FeatureCollection,
    [atoms],
  );
  const centres = useMemo(() => atoms.map((a) => ({ id: a.id, at: centreOf(a.geometry) })), [atoms]);
  const box = useMemo(() => bounds(atoms.length > 0 ? atoms : beats), [atoms, beats]);
  const framedFor = useRef<string | null>(null);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !ready) return;
    (map.getSource('atoms') as GeoJSONSource).setData(atomData);
    (map.getSource('beats') as GeoJSONSource).setData({
      type: 'FeatureCollection',
      features: beats,
    } as unknown as GeoJSON.FeatureCollection);
    // Frame once per area (moves redraw without jumping the view).
    const key = box?.join(',') ?? null;
    if (box && framedFor.current !== key) {
      map.fitBounds(box, { padding: 24, animate: false });
      framedFor.current = key;
    }
  }, [atomData, beats, box, ready]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !ready) return;
    map.setFilter('atom-selected', ['==', ['get', 'id'], selected ?? '']);
  }, [selected, ready]);

  const chosen = selected ? atoms.find((a) => a.id === selected) : undefined;
  return (
    <div className="patrol-map-wrap">
      <div
        ref={el}
        className="patrol-map"
        role="application"
        aria-label={label}
        aria-roledescription="map"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: the map takes arrow keys to select atoms
        tabIndex={0}
        data-testid="patrol-beat-map"
        data-beats={beats.length}
        data-atoms={atoms.length}
        data-selected={selected ?? ''}
        onKeyDown={(e) => {
          const dir = ARROWS[e.key];
          if (!dir) return;
          e.preventDefault();
          const next = nextAtom(centres, selected, dir);
          if (next) pick.current(next);
        }}
      />
      <p className="patrol-map-readout" aria-live="polite">
        {chosen ? describe(chosen.id, beatIds[chosen.properties.beat] ?? '') : ''}
      </p>
    </div>
  );
}
