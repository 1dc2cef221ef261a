import { keepLargestComponent } from './components.ts';
import { type BBox, haversineMetres, METRES_PER_DEGREE, metresPerDegreeLon } from './geo-math.ts';
import { buildRoadGraph, EdgeList, type RoadGraph } from './road-graph.ts';
import { type RoadName, roadNamesOfLines } from './road-names.ts';

/** Parameters of the demo road network. */
export interface SyntheticNetworkParams {
  readonly bbox: BBox;
  /** Distance between neighbouring streets. */
  readonly spacingMetres: number;
  readonly seed: number;
  /** Every n-th street (and the outer ring) is a two-way arterial; default 8. */
  readonly arterialEvery?: number;
  /** Share of local streets that are one-way; default 0.2. */
  readonly onewayShare?: number;
  /** Share of two-way local blocks removed, to break the grid's regularity; default 0.04. */
  readonly dropShare?: number;
}

const ARTERIAL_KMH = 60;
const LOCAL_KMH = 30;
const MAX_NODES = 20_000_000;

/** Deterministic PRNG (mulberry32): same seed, same network, on every machine. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Street {
  readonly arterial: boolean;
  readonly kmh: number;
  /** 0 two-way, 1 one-way in increasing index order, -1 decreasing. */
  readonly oneway: -1 | 0 | 1;
}

function streets(
  count: number,
  p: Required<Omit<SyntheticNetworkParams, 'bbox' | 'spacingMetres'>>,
  rand: () => number,
): Street[] {
  return Array.from({ length: count }, (_, i) => {
    const arterial = i % p.arterialEvery === 0 || i === count - 1;
    if (arterial) return { arterial, kmh: ARTERIAL_KMH * (0.9 + 0.2 * rand()), oneway: 0 };
    const oneway = rand() < p.onewayShare ? (i % 2 === 0 ? 1 : -1) : 0;
    return { arterial, kmh: LOCAL_KMH * (0.85 + 0.3 * rand()), oneway };
  });
}

/**
 * A perturbed street grid over a bbox: jittered intersections, two-way arterials every few
 * streets (faster), some one-way local streets and a few missing blocks. Arterials and the outer
 * ring are two-way, so every one-way street runs between two-way ones and the whole network is
 * strongly connected; the largest component is kept anyway, as for an import.
 */
export function generateSyntheticNetwork(params: SyntheticNetworkParams): RoadGraph {
  return generateNamedSyntheticNetwork(params).graph;
}

/**
 * The synthetic network with street names in the way Chinese grid towns name them: east-west
 * streets 纬N路 (Wei N Road), north-south streets 经N路 (Jing N Road), numbered from the south
 * and the west; arterials are 大道 (Avenue).
 */
export function generateNamedSyntheticNetwork(params: SyntheticNetworkParams): {
  graph: RoadGraph;
  roadNames: RoadName[];
} {
  const { bbox, spacingMetres, seed } = params;
  const p = {
    seed,
    arterialEvery: params.arterialEvery ?? 8,
    onewayShare: params.onewayShare ?? 0.2,
    dropShare: params.dropShare ?? 0.04,
  };
  if (!(spacingMetres > 0) || !(bbox.maxLat > bbox.minLat) || !(bbox.maxLon > bbox.minLon)) {
    throw new RangeError('need spacingMetres > 0 and a non-empty bbox');
  }
  const midLat = (bbox.minLat + bbox.maxLat) / 2;
  const rows = Math.floor(((bbox.maxLat - bbox.minLat) * METRES_PER_DEGREE) / spacingMetres) + 1;
  const cols = Math.floor(((bbox.maxLon - bbox.minLon) * metresPerDegreeLon(midLat)) / spacingMetres) + 1;
  if (rows < 2 || cols < 2 || rows * cols > MAX_NODES)
    throw new RangeError(`grid ${rows}×${cols} out of range`);
  const rand = mulberry32(seed);
  const { lat, lon } = jitteredNodes(bbox, rows, cols, rand);
  const rowStreets = streets(rows, p, rand);
  const colStreets = streets(cols, p, rand);
  const edges = new EdgeList();
  const link = (a: number, b: number, street: Street) => {
    if (!street.arterial && street.oneway === 0 && rand() < p.dropShare) return;
    const metres = haversineMetres(lat[a]!, lon[a]!, lat[b]!, lon[b]!);
    const seconds = metres / (street.kmh / 3.6);
    if (street.oneway >= 0) edges.add(a, b, seconds, metres);
    if (street.oneway <= 0) edges.add(b, a, seconds, metres);
  };
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const v = r * cols + c;
      if (c + 1 < cols) link(v, v + 1, rowStreets[r]!);
      if (r + 1 < rows) link(v, v + cols, colStreets[c]!);
    }
  }
  const graph = keepLargestComponent(buildRoadGraph(edges.toInput(lat, lon))).graph;
  return { graph, roadNames: streetNames(lat, lon, rowStreets, colStreets) };
}

function streetNames(lat: Float64Array, lon: Float64Array, rowStreets: Street[], colStreets: Street[]) {
  const rows = rowStreets.length;
  const cols = colStreets.length;
  const name = (zh: string, en: string, n: number, arterial: boolean) =>
    arterial ? [`${zh}${n}大道`, `${en} ${n} Avenue`] : [`${zh}${n}路`, `${en} ${n} Road`];
  const lines = [
    ...rowStreets.map((s, r) => ({
      names: name('纬', 'Wei', r + 1, s.arterial),
      lat,
      lon,
      nodes: Array.from({ length: cols }, (_, c) => r * cols + c),
    })),
    ...colStreets.map((s, c) => ({
      names: name('经', 'Jing', c + 1, s.arterial),
      lat,
      lon,
      nodes: Array.from({ length: rows }, (_, r) => r * cols + c),
    })),
  ];
  return roadNamesOfLines(lines);
}

function jitteredNodes(bbox: BBox, rows: number, cols: number, rand: () => number) {
  const dLat = (bbox.maxLat - bbox.minLat) / (rows - 1);
  const dLon = (bbox.maxLon - bbox.minLon) / (cols - 1);
  const lat = new Float64Array(rows * cols);
  const lon = new Float64Array(rows * cols);
  // Up to ±30% of a block, so streets bend but never cross their neighbours.
  const jitter = 0.3;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const v = r * cols + c;
      const jr = r === 0 || r === rows - 1 ? 0 : (rand() - 0.5) * 2 * jitter;
      const jc = c === 0 || c === cols - 1 ? 0 : (rand() - 0.5) * 2 * jitter;
      lat[v] = bbox.minLat + (r + jr) * dLat;
      lon[v] = bbox.minLon + (c + jc) * dLon;
    }
  }
  return { lat, lon };
}
