// The published beats of every effective period, held in memory on each node and offered to the
// rest of Haven as the 'patrol.beats' area layer (dispatch and analysis ask which beat held a point
// at a time). Rebuilt from the database at start and whenever any node publishes beats.
import { sql } from 'kysely';
import type { Database } from '../../core/db/database.ts';
import { AreaIndex } from '../../core/geo/area-index.ts';
import type { AreaHit, AreaLocator } from '../../core/geo/area-layers.ts';
import type { Area } from '../../core/geo/geojson.ts';
import type { CoreServices } from '../../core/module.ts';
import './events.ts';

interface BeatPeriod {
  hit: AreaHit;
  /** Epoch ms; the beat is in force on [from, to). */
  from: number;
  to: number;
}

/** A published beat for one effective period, as the layer holds it. */
export interface BeatPeriodInput {
  id: string;
  code: string;
  geometry: Area;
  from: Date;
  /** null = still in force. */
  to: Date | null;
}

interface BeatRow {
  id: string;
  beat_code: string;
  geometry: Area;
  effective_from: Date | string;
  effective_to: Date | string | null;
}

/** Point-and-time lookup over every published beat period (immutable index, swapped on reload). */
export class BeatLayer implements AreaLocator {
  #index = new AreaIndex<BeatPeriod>([]);

  /** Without a database the layer holds only what `set` gives it. */
  constructor(private readonly database: Database | null = null) {}

  /** Re-reads all published beats (periods that never started are skipped). */
  async reload(): Promise<void> {
    if (!this.database) return;
    const res = await sql<BeatRow>`SELECT id, beat_code, geometry, effective_from, effective_to
      FROM patrol_beats WHERE effective_to IS NULL OR effective_to > effective_from`.execute(
      this.database.db,
    );
    this.set(
      res.rows.map((r) => ({
        id: r.id,
        code: r.beat_code,
        geometry: r.geometry,
        from: new Date(r.effective_from),
        to: r.effective_to === null ? null : new Date(r.effective_to),
      })),
    );
  }

  /** Replaces the periods held (reload does this from the database). */
  set(periods: readonly BeatPeriodInput[]): void {
    const items = periods
      .filter((p) => p.geometry?.coordinates?.length > 0)
      .map((p) => ({
        area: p.geometry,
        depth: 0,
        value: {
          hit: { id: p.id, code: p.code },
          from: p.from.getTime(),
          to: p.to === null ? Number.POSITIVE_INFINITY : p.to.getTime(),
        },
      }));
    this.#index = new AreaIndex(items);
  }

  /** The beat in force at `at` that contains the point, or null. */
  locate(lon: number, lat: number, at: Date): AreaHit | null {
    const t = at.getTime();
    for (const c of this.#index.containing(lon, lat)) {
      if (c.value.from <= t && t < c.value.to) return c.value.hit;
    }
    return null;
  }

  /** Number of beat periods held. */
  get size(): number {
    return this.#index.size;
  }
}

/**
 * Loads the beats, provides them as 'patrol.beats' and reloads on every `patrol.beats.published`
 * the node's relay delivers (from any node); returns the stop function.
 */
export async function startBeatLayer(services: CoreServices): Promise<() => Promise<void>> {
  const layer = new BeatLayer(services.database);
  // Reloads never overlap; a publish during a reload triggers one more.
  let running: Promise<void> | null = null;
  let again = false;
  const refresh = (): void => {
    if (running) {
      again = true;
      return;
    }
    running = layer
      .reload()
      .catch((err) => services.log.error(err, 'patrol: reloading the beats in force failed'))
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          refresh();
        }
      });
  };
  // Listen before the first load, so a publish committed while it runs is not missed.
  const unsubscribe = services.relay.subscribe((e) => {
    if (e.type === 'patrol.beats.published') refresh();
  });
  refresh();
  await running;
  services.areas.provide('patrol.beats', layer);
  return async () => {
    unsubscribe();
    again = false;
    await running;
  };
}
