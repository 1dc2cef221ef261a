import { sql } from 'kysely';
import type { Actor } from '../../core/identity/actor.ts';
import type { DispatchContext } from './context.ts';
import { findDuplicateCandidates } from './domain/duplicate-calls.ts';
import type { IncidentStatus } from './domain/incident-state.ts';
import { PREMISE_HAZARD_KINDS, type PremiseHazardKind, premiseHistory } from './domain/premise-history.ts';
import type { LocalizedText } from './domain/unit-kinds.ts';
import { incidentScope, rowScope } from './scope.ts';
import { type Db, incidentNumber } from './views.ts';

/** A possible duplicate as the call-taker form shows it. */
export interface DuplicateView {
  incidentId: string;
  number: string;
  typeCode: string;
  status: string;
  score: number;
  distanceMetres: number;
  secondsApart: number;
  typeMatch: 'same' | 'compatible' | 'unknown';
}

const DUPLICATE_RADIUS_M = 500;
const DUPLICATE_WINDOW_S = 3600;
const PREMISE_RADIUS_M = 100;
const PREMISE_DAYS = 365;

/** Degrees of a box of `metres` around a latitude. */
function boxAround(lat: number, metres: number) {
  const dLat = metres / 111_320;
  const dLon = metres / (111_320 * Math.max(0.01, Math.cos((lat * Math.PI) / 180)));
  return { dLat, dLon };
}

interface NearbyQuery {
  lon: number;
  lat: number;
  typeCode?: string | null;
  at: number;
  excludeId?: string | null;
}

interface NearbyRow {
  id: string;
  number: string;
  type_code: string;
  status: IncidentStatus;
  lon: number;
  lat: number;
  received_at: Date | string;
}

/**
 * The candidate rows: open incidents in scope in a box around the place, within the window.
 * The open-place index (migration 0025) finds the box; the scope is then checked on those few
 * rows behind an OFFSET 0 fence, so the planner never drives the search by the jurisdiction
 * index, which for a county-wide actor matches every incident ever received.
 */
function nearbyRows(actor: Actor, q: NearbyQuery) {
  const { dLat, dLon } = boxAround(q.lat, DUPLICATE_RADIUS_M);
  const since = new Date(q.at - DUPLICATE_WINDOW_S * 1000);
  return sql<NearbyRow>`
    SELECT i.id, i.number, i.type_code, i.status, i.lon, i.lat, i.received_at
    FROM (SELECT o.id, o.number::text AS number, o.type_code, o.status, o.lon, o.lat, o.received_at,
        o.jurisdiction_path
      FROM dispatch_incidents o
      WHERE o.status NOT IN ('closed', 'cancelled')
        AND point(o.lon, o.lat) <@ box(point(${q.lon - dLon}, ${q.lat - dLat}), point(${q.lon + dLon}, ${q.lat + dLat}))
        AND o.received_at >= ${since} AND o.id::text <> ${q.excludeId ?? ''}
      OFFSET 0) i
    WHERE ${incidentScope(actor)}
    LIMIT 200`;
}

/** Open incidents in scope that a call at this place and time may duplicate, best first. */
export async function nearbyOpenIncidents(
  db: Db,
  ctx: DispatchContext,
  actor: Actor,
  q: NearbyQuery,
): Promise<DuplicateView[]> {
  const res = await nearbyRows(actor, q).execute(db);
  return rankNearby(ctx, q, res.rows);
}

/**
 * The same candidates as a JSON array expression, for a statement that also writes (call
 * intake): one round trip less. Its snapshot cannot see the statement's own new incident.
 */
export function nearbyOpenIncidentsJson(actor: Actor, q: NearbyQuery) {
  return sql<unknown>`(SELECT coalesce(json_agg(n), '[]'::json) FROM (${nearbyRows(actor, q)}) n)`;
}

/** Ranks candidate rows as read by `nearbyOpenIncidents` or from `nearbyOpenIncidentsJson`. */
export function rankNearby(
  ctx: DispatchContext,
  q: NearbyQuery,
  rows: readonly NearbyRow[],
): DuplicateView[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const candidates = findDuplicateCandidates(
    { location: { lat: q.lat, lon: q.lon }, at: q.at, typeCode: q.typeCode ?? null },
    rows.map((r) => ({
      id: r.id,
      typeCode: r.type_code,
      location: { lat: r.lat, lon: r.lon },
      receivedAt: new Date(r.received_at).getTime(),
      status: r.status,
    })),
    ctx.catalogue.catalogue,
    { radiusMetres: DUPLICATE_RADIUS_M, windowSeconds: DUPLICATE_WINDOW_S },
  );
  return candidates.map((c) => {
    const r = byId.get(c.incidentId)!;
    return {
      incidentId: c.incidentId,
      number: incidentNumber(r.number),
      typeCode: r.type_code,
      status: r.status,
      score: Math.round(c.score * 1000) / 1000,
      distanceMetres: Math.round(c.distanceMetres),
      secondsApart: Math.round(c.secondsApart),
      typeMatch: c.typeMatch,
    };
  });
}

/** Premise history as the call-taker form shows it. */
export interface PremiseView {
  incidents: {
    id: string;
    number: string;
    typeCode: string;
    receivedAt: string;
    disposition: string | null;
    distanceMetres: number;
  }[];
  hazards: {
    id: string;
    kind: PremiseHazardKind;
    note: LocalizedText;
    distanceMetres: number;
    expiresAt: string | null;
  }[];
  countsByType: Record<string, number>;
}

/** Earlier incidents (in scope; fenced as in `nearbyRows`) and active premise flags near a place. */
export async function premiseAt(
  db: Db,
  actor: Actor,
  lon: number,
  lat: number,
  now: number,
): Promise<PremiseView> {
  const { dLat, dLon } = boxAround(lat, PREMISE_RADIUS_M + 500);
  const since = new Date(now - PREMISE_DAYS * 86_400_000);
  const past = await sql<{
    id: string;
    number: string;
    type_code: string;
    lon: number;
    lat: number;
    received_at: Date;
    disposition: string | null;
  }>`
    SELECT i.id, i.number, i.type_code, i.lon, i.lat, i.received_at, i.disposition
    FROM (SELECT o.id, o.number::text AS number, o.type_code, o.lon, o.lat, o.received_at, o.disposition,
        o.jurisdiction_path
      FROM dispatch_incidents o
      WHERE o.received_at >= ${since} AND o.lat BETWEEN ${lat - dLat} AND ${lat + dLat}
        AND o.lon BETWEEN ${lon - dLon} AND ${lon + dLon}
      OFFSET 0) i
    WHERE ${incidentScope(actor)}
    ORDER BY i.received_at DESC LIMIT 500`.execute(db);
  const flags = await sql<{
    id: string;
    kind: PremiseHazardKind;
    lon: number;
    lat: number;
    radius_m: number;
    note: LocalizedText;
    created_at: Date;
    expires_at: Date | null;
  }>`
    SELECT h.id, h.kind, h.lon, h.lat, h.radius_m, h.note, h.created_at, h.expires_at
    FROM dispatch_premise_hazards h
    WHERE h.lat BETWEEN ${lat - dLat} AND ${lat + dLat} AND h.lon BETWEEN ${lon - dLon} AND ${lon + dLon}
      AND (h.expires_at IS NULL OR h.expires_at > now()) AND ${rowScope('h.jurisdiction_path', actor)}
    LIMIT 200`.execute(db);
  const numbers = new Map(past.rows.map((r) => [r.id, r.number]));
  const h = premiseHistory(
    { lat, lon },
    now,
    past.rows.map((r) => ({
      id: r.id,
      typeCode: r.type_code,
      location: { lat: r.lat, lon: r.lon },
      receivedAt: r.received_at.getTime(),
      disposition: r.disposition,
    })),
    flags.rows.map((f) => ({
      id: f.id,
      kind: f.kind,
      location: { lat: f.lat, lon: f.lon },
      radiusMetres: f.radius_m,
      note: f.note,
      createdAt: f.created_at.getTime(),
      expiresAt: f.expires_at ? f.expires_at.getTime() : null,
    })),
    { radiusMetres: PREMISE_RADIUS_M, sinceSeconds: PREMISE_DAYS * 86_400 },
  );
  return {
    incidents: h.incidents.map((i) => ({
      id: i.id,
      number: incidentNumber(numbers.get(i.id)!),
      typeCode: i.typeCode,
      receivedAt: new Date(i.receivedAt).toISOString(),
      disposition: i.disposition,
      distanceMetres: Math.round(i.distanceMetres),
    })),
    hazards: h.hazards.map((f) => ({
      id: f.id,
      kind: f.kind,
      note: f.note,
      distanceMetres: Math.round(f.distanceMetres),
      expiresAt: f.expiresAt ? new Date(f.expiresAt).toISOString() : null,
    })),
    countsByType: { ...h.countsByType },
  };
}

export { PREMISE_HAZARD_KINDS };
