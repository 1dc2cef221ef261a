// Keeps the AVL positions of units that have a patrol route (from dispatch events, exactly once
// across nodes), so compliance can be checked from recorded positions instead of a posted track.
import { sql } from 'kysely';
import { pgArray } from '../../core/db/sql-values.ts';
import { startConsumer } from '../../core/events/consumer.ts';
import type { CoreServices } from '../../core/module.ts';
import type { RetentionRule } from '../../core/privacy/retention.ts';

interface PositionPayload {
  positions: { unitId: string; lon: number; lat: number; at: string }[];
}

/** Starts the consumer of `dispatch.unit.positions`; returns its stop function. */
export function startPositionsConsumer(services: CoreServices): () => void {
  return startConsumer(
    services.database,
    services.relay,
    'patrol:unit-positions',
    ['dispatch.unit.positions'],
    async (tx, event) => {
      const positions = (event.payload as PositionPayload).positions ?? [];
      if (positions.length === 0) return;
      const ids = [...new Set(positions.map((p) => p.unitId))];
      const routed = await sql<{
        unit_id: string;
      }>`SELECT DISTINCT unit_id::text AS unit_id FROM patrol_routes
        WHERE unit_id = ANY(${pgArray(ids)}::uuid[])`.execute(tx.db);
      const keep = new Set(routed.rows.map((r) => r.unit_id));
      for (const p of positions) {
        if (!keep.has(p.unitId)) continue;
        await sql`INSERT INTO patrol_unit_positions (unit_id, at, lon, lat)
          VALUES (${p.unitId}::uuid, ${p.at}::timestamptz, ${p.lon}, ${p.lat}) ON CONFLICT DO NOTHING`.execute(
          tx.db,
        );
      }
    },
    (e) => services.log.warn(`patrol: positions consumer failed: ${String(e)}`),
  );
}

/** Recorded unit positions are working-time location data: erased after the retention period. */
export const positionsRetention: RetentionRule = {
  name: 'patrol.unit_positions',
  async purge(tx, cutoff) {
    const res =
      await sql`DELETE FROM patrol_unit_positions WHERE at < ${cutoff.toISOString()}::timestamptz`.execute(
        tx.db,
      );
    return Number(res.numAffectedRows ?? 0);
  },
};
