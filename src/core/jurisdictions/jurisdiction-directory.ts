import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { AreaIndex } from '../geo/area-index.ts';
import type { Area } from '../geo/geojson.ts';
import type { Level } from './jurisdiction-rules.ts';

/** What a point lookup answers. */
export interface LocatedJurisdiction {
  id: string;
  path: string;
  level: Level;
  code: string;
}

interface Row {
  id: string;
  parent_id: string | null;
  path: string;
  level: Level;
  code: string;
  geometry: Area | null;
  depth: number;
}

/**
 * In-memory point-to-jurisdiction lookup for this node, rebuilt from the database whenever a
 * jurisdiction changes (on any node: the relay delivers the change events).
 */
export class JurisdictionDirectory {
  private index = new AreaIndex<LocatedJurisdiction>([]);
  private byIdMap = new Map<string, LocatedJurisdiction & { parentId: string | null }>();
  private areas = new Map<string, { area: Area; depth: number; value: LocatedJurisdiction }>();

  constructor(private readonly database: Database) {}

  async reload(): Promise<void> {
    const res =
      await sql<Row>`SELECT id, parent_id, path::text AS path, level, code, geometry, nlevel(path) AS depth
       FROM jurisdictions`.execute(this.database.db);
    this.byIdMap = new Map();
    this.areas = new Map();
    for (const r of res.rows) this.remember(r);
    this.index = new AreaIndex([...this.areas.values()]);
  }

  /** Re-reads one changed jurisdiction and rebuilds the in-memory index without a full reload. */
  async refreshOne(id: string): Promise<void> {
    const res =
      await sql<Row>`SELECT id, parent_id, path::text AS path, level, code, geometry, nlevel(path) AS depth
       FROM jurisdictions WHERE id = ${id}::uuid`.execute(this.database.db);
    const r = res.rows[0];
    if (!r) return;
    this.remember(r);
    this.index = new AreaIndex([...this.areas.values()]);
  }

  private remember(r: Row): void {
    const value = { id: r.id, path: r.path, level: r.level, code: r.code };
    this.byIdMap.set(r.id, { ...value, parentId: r.parent_id });
    if (r.geometry) this.areas.set(r.id, { area: r.geometry, depth: r.depth, value });
    else this.areas.delete(r.id);
  }

  /** The most specific jurisdiction containing the point, or null when outside the served area. */
  locate(lon: number, lat: number): LocatedJurisdiction | null {
    return this.index.deepest(lon, lat);
  }

  /** Every jurisdiction containing the point, most specific first. */
  locateAll(lon: number, lat: number): LocatedJurisdiction[] {
    return this.index.containing(lon, lat).map((i) => i.value);
  }

  byId(id: string): (LocatedJurisdiction & { parentId: string | null }) | null {
    return this.byIdMap.get(id) ?? null;
  }

  get size(): number {
    return this.byIdMap.size;
  }
}
