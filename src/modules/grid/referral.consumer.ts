import { sql } from 'kysely';
import type { Tx } from '../../core/db/transaction.ts';
import { HavenError } from '../../core/errors.ts';
import type { HavenEvent } from '../../core/events/event-map.ts';
import { loadType } from './catalogue.ts';
import type { GridDeps } from './deps.ts';
import { submitInTx } from './intake.service.ts';
import type { Placement } from './routing.ts';

/** Event type of a non-emergency call that dispatch hands to the community grid. */
export const DISPATCH_REFERRAL = 'dispatch.call.referred';

/** Grid type used when the referral names none that exists. */
export const REFERRAL_TYPE = 'referral';

type Loose = Record<string, unknown>;

const str = (v: unknown): string | null =>
  typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' ? String(v) : null;
const num = (v: unknown): number | null => {
  const n = typeof v === 'string' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
};

function first<T>(obj: Loose, keys: string[], read: (v: unknown) => T | null): T | null {
  for (const k of keys) {
    const v = read(obj[k]);
    if (v !== null) return v;
  }
  return null;
}

/** What a referral carries, read tolerantly (dispatch's payload shape is its own business). */
export interface Referral {
  externalId: string;
  serviceCode: string | null;
  lat: number | null;
  lon: number | null;
  address: string | null;
  description: string | null;
  jurisdictionPath: string | null;
  callerName: string | null;
  callerPhone: string | null;
  /** Who the call was referred to; only `grid` (or unnamed) referrals are ours. */
  target: string | null;
}

/** Reads a referral payload: flat fields or a nested `location`/`caller`, several common names. */
export function readReferral(eventId: string, payload: unknown): Referral {
  const p = (payload && typeof payload === 'object' ? payload : {}) as Loose;
  const loc = (p.location && typeof p.location === 'object' ? p.location : {}) as Loose;
  const caller = (p.caller && typeof p.caller === 'object' ? p.caller : {}) as Loose;
  const lat = first(p, ['lat', 'latitude'], num) ?? first(loc, ['lat', 'latitude'], num);
  const lon =
    first(p, ['lon', 'lng', 'long', 'longitude'], num) ??
    first(loc, ['lon', 'lng', 'long', 'longitude'], num);
  return {
    externalId: first(p, ['callId', 'referralId', 'id', 'incidentId'], str) ?? `event:${eventId}`,
    serviceCode: first(p, ['gridServiceCode', 'serviceCode', 'referredTo', 'typeCode'], str),
    lat,
    lon,
    address: first(p, ['address'], str) ?? first(loc, ['address'], str),
    description: first(p, ['narrative', 'description', 'summary', 'note'], str),
    jurisdictionPath: first(p, ['jurisdictionPath'], str),
    callerName: first(p, ['callerName'], str) ?? first(caller, ['name'], str),
    callerPhone: first(p, ['callerPhone'], str) ?? first(caller, ['phone'], str),
    target: first(p, ['target'], str),
  };
}

/**
 * Files a dispatch referral as a grid request inside the consumer's transaction (so it happens
 * exactly once). A referral that cannot be placed is logged and skipped rather than retried
 * forever; a SAVEPOINT keeps the consumer's transaction usable.
 */
export async function fileReferral(tx: Tx, deps: GridDeps, event: HavenEvent): Promise<string | null> {
  const r = readReferral(event.id, event.payload);
  if (r.target !== null && r.target.toLowerCase() !== 'grid') return null;
  const seen =
    await sql`SELECT 1 FROM grid_requests WHERE source = 'dispatch' AND external_id = ${r.externalId}`.execute(
      tx.db,
    );
  if (seen.rows.length > 0) return null;
  // Dispatch type codes are upper snake case; a grid type of the same name (lower case) takes it.
  const known = r.serviceCode
    ? ((await loadType(tx.db, r.serviceCode)) ?? (await loadType(tx.db, r.serviceCode.toLowerCase())))
    : null;
  const serviceCode = known?.active ? known.code : REFERRAL_TYPE;
  const located = r.lat !== null && r.lon !== null && Math.abs(r.lat) <= 90 && Math.abs(r.lon) <= 180;
  let placed: Placement | undefined;
  if (!located && r.jurisdictionPath) {
    const j = await sql`SELECT 1 FROM jurisdictions WHERE path::text = ${r.jurisdictionPath}`.execute(tx.db);
    if (j.rows.length > 0) placed = { jurisdictionPath: r.jurisdictionPath, located: false };
  }
  await sql`SAVEPOINT grid_referral`.execute(tx.db);
  try {
    const created = await submitInTx(
      tx,
      deps,
      {
        serviceCode,
        lat: located ? r.lat : null,
        lon: located ? r.lon : null,
        address: r.address,
        description: r.description,
        reporter: { firstName: r.callerName, phone: r.callerPhone },
        source: 'dispatch',
        externalId: r.externalId,
      },
      placed,
    );
    await sql`RELEASE SAVEPOINT grid_referral`.execute(tx.db);
    return created.id;
  } catch (err) {
    await sql`ROLLBACK TO SAVEPOINT grid_referral`.execute(tx.db);
    if (!(err instanceof HavenError)) throw err;
    deps.log.warn(`grid: dispatch referral ${r.externalId} not filed: ${err.message}`);
    return null;
  }
}
