// The beats of a design drawn as SVG: atoms coloured by beat, beat outlines on top. Offline and
// light; atoms are picked with the mouse (the form beside the map does the same by keyboard).
import { useMemo } from 'react';
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

function polygonsOf(g: { type: string; coordinates: unknown }): Rings[] {
  return (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as Rings[];
}

function bounds(features: { geometry: { type: string; coordinates: unknown } }[]) {
  const b = [Infinity, Infinity, -Infinity, -Infinity];
  for (const f of features)
    for (const poly of polygonsOf(f.geometry))
      for (const [x, y] of poly[0] ?? []) {
        b[0] = Math.min(b[0]!, x!);
        b[1] = Math.min(b[1]!, y!);
        b[2] = Math.max(b[2]!, x!);
        b[3] = Math.max(b[3]!, y!);
      }
  return b as [number, number, number, number];
}

/** Props of the beat map. */
export interface BeatMapProps {
  atoms: AtomFeature[];
  beats: BeatFeature[];
  selected: string | null;
  onSelect: (atomId: string) => void;
  label: string;
}

/** SVG map of a design's atoms and beats. */
export function BeatMap({ atoms, beats, selected, onSelect, label }: BeatMapProps) {
  const view = useMemo(() => {
    const [w, s, e, n] = bounds(atoms.length > 0 ? atoms : beats);
    const k = Math.cos((((s + n) / 2) * Math.PI) / 180);
    const width = 600;
    const scale = width / Math.max(1e-9, (e - w) * k);
    const height = Math.max(50, (n - s) * scale);
    const path = (g: { type: string; coordinates: unknown }) =>
      polygonsOf(g)
        .map((poly) =>
          poly
            .map(
              (ring) =>
                `M${ring.map(([x, y]) => `${(((x! - w) * k * scale) as number).toFixed(1)},${((n - y!) * scale).toFixed(1)}`).join('L')}Z`,
            )
            .join(''),
        )
        .join('');
    return { width, height, path };
  }, [atoms, beats]);
  return (
    <svg
      className="patrol-map"
      viewBox={`-2 -2 ${view.width + 4} ${view.height + 4}`}
      role="img"
      aria-label={label}
      data-beats={beats.length}
    >
      {atoms.map((a) => (
        // biome-ignore lint/a11y/noStaticElementInteractions: mouse shortcut; the form beside the map is the keyboard path
        <path
          key={a.id}
          d={view.path(a.geometry)}
          fill={beatColour(a.properties.beat)}
          fillOpacity={a.id === selected ? 0.95 : 0.55}
          stroke={a.id === selected ? '#000' : '#fff'}
          strokeWidth={a.id === selected ? 2 : 0.4}
          onClick={() => onSelect(a.id)}
        >
          <title>{a.id}</title>
        </path>
      ))}
      {beats.map((b) => (
        <path
          key={b.id}
          d={view.path(b.geometry)}
          fill="none"
          stroke="#1d2b36"
          strokeWidth={1.6}
          pointerEvents="none"
        />
      ))}
    </svg>
  );
}
