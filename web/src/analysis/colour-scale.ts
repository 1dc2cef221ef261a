// Sequential colour scales (ColorBrewer YlOrRd, 5 classes): equal intervals from 0 to the largest
// value (counts) or halving steps below it (skewed densities), shared by the map layers and their legends.
import type { ColourScale } from './hex-map.tsx';

const YL_OR_RD = ['#ffffb2', '#fecc5c', '#fd8d3c', '#f03b20', '#bd0026'];

/** Five classes over [0, max]; with max 0 every value falls in the first class. */
export function colourScale(max: number): ColourScale {
  const top = max > 0 ? max : 1;
  return { colours: YL_OR_RD, breaks: [0.2, 0.4, 0.6, 0.8].map((f) => f * top) };
}

/** Five classes with halving breaks below the largest value (max/16 … max/2), for skewed densities. */
export function geometricScale(max: number): ColourScale {
  const top = max > 0 ? max : 1;
  return { colours: YL_OR_RD, breaks: [1 / 16, 1 / 8, 1 / 4, 1 / 2].map((f) => f * top) };
}

/** The legend rows of a scale: colour and the (from, to) range, formatted by `fmt`. */
export function legendRows(
  scale: ColourScale,
  max: number,
  fmt: (v: number) => string,
): { colour: string; from: string; to: string }[] {
  const edges = [0, ...scale.breaks, max > 0 ? max : 1];
  return scale.colours.map((colour, i) => ({ colour, from: fmt(edges[i]!), to: fmt(edges[i + 1]!) }));
}
