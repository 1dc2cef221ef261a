// Deterministic demo incidents in the demo county for the dashboard: a background over the 180
// days before the seeding day plus two persistent clusters (hotspots to find).
import { latLngToCell } from 'h3-js';
import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { transact } from '../../core/db/transaction.ts';
import { systemActor } from '../../core/identity/actor.ts';
import type { CoreServices } from '../../core/module.ts';
import { createRng } from './domain/rng.ts';

const TYPES = ['theft', 'burglary', 'assault', 'traffic', 'disturbance'];
const CLUSTERS = [
  { lat: 22.61, lon: 113.93, type: 'theft' },
  { lat: 22.66, lon: 114.02, type: 'burglary' },
];

/** Adds the demo incidents once (skipped when any analysed incident exists). */
export async function seedAnalysisDemo(services: CoreServices, now = new Date()): Promise<void> {
  const any = await sql`SELECT 1 FROM analysis_incidents LIMIT 1`.execute(services.database.db);
  if (any.rows.length > 0) return;
  const rng = createRng(20260101);
  const day0 = Math.floor(now.getTime() / 86_400_000) - 180;
  const rows: { t: Date; lat: number; lon: number; type: string }[] = [];
  for (let i = 0; i < 2400; i++) {
    const t = new Date((day0 + rng() * 180) * 86_400_000);
    rows.push({ t, lat: 22.51 + rng() * 0.22, lon: 113.81 + rng() * 0.28, type: TYPES[i % TYPES.length]! });
  }
  for (const c of CLUSTERS)
    for (let i = 0; i < 300; i++) {
      const t = new Date((day0 + rng() * 180) * 86_400_000);
      rows.push({ t, lat: c.lat + (rng() - 0.5) * 0.008, lon: c.lon + (rng() - 0.5) * 0.008, type: c.type });
    }
  await transact(services.database, systemActor('demo'), async (tx) => {
    for (let i = 0; i < rows.length; i += 500) {
      const values = rows.slice(i, i + 500).map((r) => {
        const path = services.jurisdictions.locate(r.lon, r.lat)?.path ?? null;
        return sql`(${uuidv7()}::uuid, 'import', ${r.t}::timestamptz, ${r.lon}::float8, ${r.lat}::float8,
          ${latLngToCell(r.lat, r.lon, 9)}, ${r.type}, 'demo', ${path}::ltree)`;
      });
      await sql`INSERT INTO analysis_incidents (id, source, occurred_at, lon, lat, h3, type_code, category, jurisdiction_path)
        VALUES ${sql.join(values)}`.execute(tx.db);
    }
    tx.audit({
      action: 'analysis.demo.seeded',
      targetType: 'analysis_incidents',
      details: { rows: rows.length },
    });
  });
}
