import { sql } from 'kysely';
import type { CallSummary } from './dispatch-events.ts';
import type { Db } from './views.ts';

/** A call row without personal fields. */
export interface CallRow {
  id: string;
  incident_id: string | null;
  received_at: Date;
  type_code: string;
  priority: number;
  lon: number;
  lat: number;
  address: string | null;
  narrative: string;
  hazards: string[];
  has_caller: boolean;
  handling: CallSummary['handling'];
  taken_by: string;
  request_hash: string;
  path: string;
}

/** The columns of CallRow (alias `c`). */
export const CALL_COLUMNS = sql`c.id, c.incident_id, c.received_at, c.type_code, c.priority, c.lon, c.lat, c.address,
  c.narrative, c.hazards, (c.caller_name IS NOT NULL OR c.caller_phone IS NOT NULL) AS has_caller, c.handling,
  c.taken_by, c.request_hash, c.jurisdiction_path::text AS path`;

/** The API shape of a call row. */
export function callView(r: CallRow): CallSummary {
  return {
    id: r.id,
    incidentId: r.incident_id,
    receivedAt: r.received_at.toISOString(),
    typeCode: r.type_code,
    priority: r.priority,
    lon: r.lon,
    lat: r.lat,
    address: r.address,
    narrative: r.narrative,
    hazards: r.hazards ?? [],
    hasCaller: r.has_caller,
    handling: r.handling,
    takenBy: r.taken_by,
  };
}

/** Calls of an incident, oldest first (no personal fields). */
export async function callsOfIncident(db: Db, incidentId: string): Promise<CallSummary[]> {
  const res = await sql<CallRow>`SELECT ${CALL_COLUMNS} FROM dispatch_calls c
    WHERE c.incident_id = ${incidentId} ORDER BY c.received_at, c.id`.execute(db);
  return res.rows.map(callView);
}
