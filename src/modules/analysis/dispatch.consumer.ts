// Live incidents from dispatch, copied into the analysed incidents by a durable consumer of
// dispatch's events. Tolerant: payloads are read defensively and odd ones are skipped, so a
// change in dispatch never stops the consumer.
import { latLngToCell } from 'h3-js';
import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { startConsumer } from '../../core/events/consumer.ts';
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
  return startConsumer(
    services.database,
    services.relay,
    'analysis:dispatch-incidents',
    TYPES,
    async (tx, event) => {
      const s = readIncidentSummary(event.payload);
      if (!s) return;
      if (s.cancelled) {
        await sql`DELETE FROM analysis_incidents WHERE source = 'dispatch' AND source_ref = ${s.id}`.execute(
          tx.db,
        );
        return;
      }
      // The patrol beat in force where and when the call came in (null when none).
      const beat = services.areas.locate('patrol.beats', s.lon, s.lat, s.receivedAt);
      await sql`INSERT INTO analysis_incidents (id, source, source_ref, occurred_at, lon, lat, h3, type_code, category,
          priority, jurisdiction_path, dispatched_at, on_scene_at, closed_at, beat_id, beat_code)
        VALUES (${uuidv7()}, 'dispatch', ${s.id}, ${s.receivedAt}, ${s.lon}, ${s.lat}, ${s.h3}, ${s.typeCode},
          ${s.category}, ${s.priority}, ${s.path}::ltree, ${s.dispatchedAt}, ${s.onSceneAt}, ${s.closedAt},
          ${beat?.id ?? null}, ${beat?.code ?? null})
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
