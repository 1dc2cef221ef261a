/** An OSM way as the importer needs it. */
export interface OsmWay {
  readonly id: number;
  readonly refs: readonly number[];
  readonly tags: Readonly<Record<string, string>>;
}

/** An OSM node as the importer needs it. */
export interface OsmNode {
  readonly id: number;
  readonly lat: number;
  readonly lon: number;
}

/**
 * OSM node coordinates in typed arrays (24 bytes a node, instead of an object each), looked up
 * by id with binary search once sorted. Extracts are usually already sorted by id.
 */
export class OsmNodeTable {
  ids = new Float64Array(1024);
  lat = new Float64Array(1024);
  lon = new Float64Array(1024);
  count = 0;
  private sorted = true;

  /** Adds a node; a bad id or coordinate is ignored (the node then counts as missing). */
  add(id: number, lat: number, lon: number): void {
    if (!Number.isFinite(id) || !(Math.abs(lat) <= 90 && Math.abs(lon) <= 180)) return;
    if (this.count === this.ids.length) this.grow();
    if (this.count > 0 && id <= this.ids[this.count - 1]!) this.sorted = false;
    this.ids[this.count] = id;
    this.lat[this.count] = lat;
    this.lon[this.count] = lon;
    this.count++;
  }

  /** Index of the node with this id, or -1. */
  indexOf(id: number): number {
    if (!this.sorted) this.sortById();
    let lo = 0;
    let hi = this.count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = this.ids[mid]!;
      if (v === id) return mid;
      if (v < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  private sortById(): void {
    const order = new Uint32Array(this.count);
    for (let i = 0; i < this.count; i++) order[i] = i;
    order.sort((a, b) => this.ids[a]! - this.ids[b]! || a - b);
    this.ids = Float64Array.from(order, (i) => this.ids[i]!);
    this.lat = Float64Array.from(order, (i) => this.lat[i]!);
    this.lon = Float64Array.from(order, (i) => this.lon[i]!);
    this.sorted = true;
  }

  private grow(): void {
    const size = this.ids.length * 2;
    for (const key of ['ids', 'lat', 'lon'] as const) {
      const next = new Float64Array(size);
      next.set(this[key]);
      this[key] = next;
    }
  }
}

/** Nodes and (candidate road) ways of an OSM extract, whatever format it came from. */
export interface OsmExtract {
  readonly nodes: OsmNodeTable;
  readonly ways: readonly OsmWay[];
}

/** Builds an extract from plain node and way lists (any source: other formats, tests). */
export function osmExtractFrom(nodes: Iterable<OsmNode>, ways: Iterable<OsmWay>): OsmExtract {
  const table = new OsmNodeTable();
  for (const n of nodes) table.add(n.id, n.lat, n.lon);
  return { nodes: table, ways: [...ways] };
}

/** Default way filter of the readers: only ways with a `highway` tag can be roads. */
export function hasHighwayTag(tags: Readonly<Record<string, string>>): boolean {
  return tags.highway !== undefined;
}
