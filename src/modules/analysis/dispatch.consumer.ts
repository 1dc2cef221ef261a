// Live incidents from dispatch, copied into the analysed incidents by a durable consumer of
// dispatch's events. Tolerant: payloads are read defensively and odd ones are skipped, so a
// change in dispatch never stops the consumer.
import { latLngToCell } from 'h3-js';
import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { pgArray } from '../../core/db/sql-values.ts';
import { startBatchConsumer } from '../../core/events/consumer.ts';
import type { HavenEventType } from '../../core/events/event-map.ts';
import type { CoreServices } from '../../core/module.ts';

const TYPES = ['dispatch.incident.created', 'dispatch.incident.updated'] as unknown as HavenEventType[];

/** The fields analysis keeps from dispatch's IncidentSummary, or null when unusable. */
export function readIncidentSummary(payload: unknown) {
  if (typeof payload !== 'object' || payload === null) return null;
  const p = payload as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
  const time = (v: unknown) => {
    const s = str(v);
    const d = s ? new Date(s) : null;
    return d && !Number.isNaN(d.getTime()) ? d : null;
  };
  const lon = Number(p.lon);
  const lat = Number(p.lat);
  const id = str(p.id);
  const receivedAt = time(p.receivedAt);
  const typeCode = str(p.typeCode);
  if (!id || !receivedAt || !typeCode || !Number.isFinite(lon) || !Number.isFinite(lat)) return null;
  if (Math.abs(lon) > 180 || Math.abs(lat) > 90) return null;
  const path = str(p.jurisdictionPath);
  return {
    id,
    receivedAt,
    typeCode,
    category: str(p.category),
    priority: Number.isInteger(p.priority) ? (p.priority as number) : null,
    lon,
    lat,
    h3: /^[0-9a-f]{15}$/.test(String(p.h3)) ? String(p.h3) : latLngToCell(lat, lon, 9),
    path: path && /^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/.test(path) ? path : null,
    dispatchedAt: time(p.dispatchedAt),
    onSceneAt: time(p.onSceneAt),
    closedAt: time(p.closedAt),
    cancelled: p.status === 'cancelled',
  };
}

/** Starts the consumer; returns its stop function. */
export function startDispatchConsumer(services: CoreServices): () => void {
  return startBatchConsumer(
    services.database,
    services.relay,
    'analysis:dispatch-incidents',
    TYPES,
    async (tx, events) => {
      // Each summary is the incident's whole state, so the last one of a batch is all that counts.
      const latest = new Map<string, NonNullable<ReturnType<typeof readIncidentSummary>>>();
      for (const event of events) {
        const s = readIncidentSummary(event.payload);
        if (s) latest.set(s.id, s);
      }
      const all = [...latest.values()];
      const gone = all.filter((s) => s.cancelled).map((s) => s.id);
      if (gone.length > 0) {
        await sql`DELETE FROM analysis_incidents WHERE source = 'dispatch' AND source_ref = ANY(${pgArray(gone)}::text[])`.execute(
          tx.db,
        );
      }
      const rows = all
        .filter((s) => !s.cancelled)
        .map((s) => {
          // The patrol beat in force where and when the call came in (null when none).
          const beat = services.areas.locate('patrol.beats', s.lon, s.lat, s.receivedAt);
          return {
            id: uuidv7(),
            source_ref: s.id,
            occurred_at: s.receivedAt.toISOString(),
            lon: s.lon,
            lat: s.lat,
            h3: s.h3,
            type_code: s.typeCode,
            category: s.category,
            priority: s.priority,
            path: s.path,
            dispatched_at: s.dispatchedAt?.toISOString() ?? null,
            on_scene_at: s.onSceneAt?.toISOString() ?? null,
            closed_at: s.closedAt?.toISOString() ?? null,
            beat_id: beat?.id ?? null,
            beat_code: beat?.code ?? null,
          };
        });
      if (rows.length === 0) return;
      await sql`INSERT INTO analysis_incidents (id, source, source_ref, occurred_at, lon, lat, h3, type_code, category,
          priority, jurisdiction_path, dispatched_at, on_scene_at, closed_at, beat_id, beat_code)
        SELECT r.id, 'dispatch', r.source_ref, r.occurred_at, r.lon, r.lat, r.h3, r.type_code, r.category,
          r.priority, r.path::ltree, r.dispatched_at, r.on_scene_at, r.closed_at, r.beat_id, r.beat_code
        FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(id uuid, source_ref text, occurred_at timestamptz,
          lon float8, lat float8, h3 text, type_code text, category text, priority int, path text,
          dispatched_at timestamptz, on_scene_at timestamptz, closed_at timestamptz, beat_id text, beat_code text)
        ON CONFLICT (source_ref) WHERE source = 'dispatch' DO UPDATE SET
          occurred_at = EXCLUDED.occurred_at, lon = EXCLUDED.lon, lat = EXCLUDED.lat, h3 = EXCLUDED.h3,
          type_code = EXCLUDED.type_code, category = EXCLUDED.category, priority = EXCLUDED.priority,
          jurisdiction_path = EXCLUDED.jurisdiction_path, dispatched_at = EXCLUDED.dispatched_at,
          on_scene_at = EXCLUDED.on_scene_at, closed_at = EXCLUDED.closed_at,
          beat_id = EXCLUDED.beat_id, beat_code = EXCLUDED.beat_code`.execute(tx.db);
    },
    (err) => services.log.error(err, 'analysis dispatch consumer failed'),
  );
}
