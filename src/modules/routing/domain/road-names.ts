import type { OsmExtract, OsmWay } from './osm-model.ts';

/**
 * A named road: its names (the `name` tag first, then language variants such as `name:en`) and
 * the coordinates of its nodes as [lon, lat] pairs rounded to ~1 m. Kept apart from the graph so
 * routing memory does not grow: one entry per distinct name, a few bytes per named node.
 */
export interface RoadName {
  readonly names: readonly string[];
  /** lon0, lat0, lon1, lat1, ... */
  readonly coords: readonly number[];
}

const NAME_TAGS = ['name', 'name:zh', 'name:en', 'alt_name', 'ref'] as const;
const round = (v: number) => Math.round(v * 1e5) / 1e5;

/** The name variants of a way, primary first; empty when unnamed. */
export function wayNames(tags: Readonly<Record<string, string>>): string[] {
  const out: string[] = [];
  for (const key of NAME_TAGS) {
    const v = tags[key]?.trim();
    if (v && !out.includes(v) && v.length <= 120) out.push(v);
  }
  return out;
}

/**
 * Named roads of an extract: the ways that `keep` accepts (the routable ones), grouped by their
 * primary name, each name with the de-duplicated coordinates of all its nodes.
 */
export function collectRoadNames(extract: OsmExtract, keep: (way: OsmWay) => boolean): RoadName[] {
  const byName = new Map<string, { names: string[]; coords: number[]; seen: Set<string> }>();
  const table = extract.nodes;
  for (const way of extract.ways) {
    const names = wayNames(way.tags);
    if (names.length === 0 || !keep(way)) continue;
    let entry = byName.get(names[0]!);
    if (!entry) {
      entry = { names: [], coords: [], seen: new Set() };
      byName.set(names[0]!, entry);
    }
    for (const n of names) if (!entry.names.includes(n)) entry.names.push(n);
    for (const ref of way.refs) {
      const i = table.indexOf(ref);
      if (i < 0) continue;
      const lon = round(table.lon[i]!);
      const lat = round(table.lat[i]!);
      const key = `${lon},${lat}`;
      if (entry.seen.has(key)) continue;
      entry.seen.add(key);
      entry.coords.push(lon, lat);
    }
  }
  return [...byName.values()]
    .filter((e) => e.coords.length > 0)
    .map((e) => ({ names: e.names, coords: e.coords }));
}

/** Road names from street lines given as node coordinate lists (the synthetic network's streets). */
export function roadNamesOfLines(
  lines: readonly {
    names: string[];
    lat: ArrayLike<number>;
    lon: ArrayLike<number>;
    nodes: readonly number[];
  }[],
): RoadName[] {
  return lines.map((l) => ({
    names: l.names,
    coords: l.nodes.flatMap((v) => [round(l.lon[v]!), round(l.lat[v]!)]),
  }));
}

/** Checks stored road names (from the database) and drops malformed entries. */
export function parseRoadNames(raw: unknown): RoadName[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter(
    (r): r is RoadName =>
      r !== null &&
      typeof r === 'object' &&
      Array.isArray(r.names) &&
      r.names.every((n: unknown) => typeof n === 'string') &&
      Array.isArray(r.coords) &&
      r.coords.length % 2 === 0 &&
      r.coords.every((c: unknown) => typeof c === 'number' && Number.isFinite(c)),
  );
}
