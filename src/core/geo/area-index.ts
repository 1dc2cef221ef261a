import Flatbush from 'flatbush';
import { type Area, areaContains, bboxOf } from './geojson.ts';

/** An area held by the index, ranked by depth so the most specific one wins. */
export interface IndexedArea<T> {
  area: Area;
  depth: number;
  value: T;
}

/**
 * "Which area holds this point": an R-tree over bounding boxes (flatbush) refined by exact
 * point-in-polygon. Immutable; rebuild on change.
 */
export class AreaIndex<T> {
  private readonly tree: Flatbush | null;

  constructor(private readonly items: IndexedArea<T>[]) {
    if (items.length === 0) {
      this.tree = null;
      return;
    }
    this.tree = new Flatbush(items.length);
    for (const it of items) {
      const [a, b, c, d] = bboxOf(it.area);
      this.tree.add(a, b, c, d);
    }
    this.tree.finish();
  }

  /** Every area containing the point, deepest first. */
  containing(lon: number, lat: number): IndexedArea<T>[] {
    if (!this.tree) return [];
    return this.tree
      .search(lon, lat, lon, lat)
      .map((i) => this.items[i]!)
      .filter((it) => areaContains(it.area, lon, lat))
      .sort((x, y) => y.depth - x.depth);
  }

  /** The deepest area containing the point, or null. */
  deepest(lon: number, lat: number): T | null {
    return this.containing(lon, lat)[0]?.value ?? null;
  }

  get size(): number {
    return this.items.length;
  }
}
