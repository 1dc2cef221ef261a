import { sql } from 'kysely';
import type { Database } from '../../core/db/database.ts';
import { HavenError } from '../../core/errors.ts';
import { type Actor, inScope } from '../../core/identity/actor.ts';
import type { DispatchContext } from './context.ts';
import {
  confidentCandidate,
  Gazetteer,
  type GeocodeCandidate,
  type Place,
  roadPlace,
} from './domain/gazetteer.ts';

// How precise a location a jurisdiction's name gives: a grid cell is a few streets, a county is not.
const LEVEL_PRECISION: Record<string, number> = { county: 0.5, township: 0.7, village: 0.85, grid: 0.9 };
/** Earlier premises offered: the addresses of the most recent incidents. */
const PREMISE_LIMIT = 5000;
/** A gazetteer is rebuilt after this long (new premises, stations, renamed jurisdictions). */
const MAX_AGE_MS = 60_000;

interface Cached {
  gazetteer: Gazetteer;
  builtAt: number;
  graphVersion: number | null;
}
const cache = new WeakMap<Database, Promise<Cached>>();

async function jurisdictionPlaces(db: Database['db']): Promise<Place[]> {
  const res = await sql<{ level: string; name_zh: string; name_en: string; bbox: number[] | null }>`
    SELECT level, name_zh, name_en, bbox FROM jurisdictions WHERE bbox IS NOT NULL`.execute(db);
  return res.rows
    .filter((r) => r.bbox && r.bbox.length === 4)
    .map((r) => ({
      kind: 'jurisdiction' as const,
      label: r.name_zh === r.name_en ? r.name_zh : `${r.name_zh} ${r.name_en}`,
      names: [r.name_zh, r.name_en],
      lon: (r.bbox![0]! + r.bbox![2]!) / 2,
      lat: (r.bbox![1]! + r.bbox![3]!) / 2,
      precision: LEVEL_PRECISION[r.level] ?? 0.5,
      path: null,
    }));
}

async function stationPlaces(db: Database['db']): Promise<Place[]> {
  const res = await sql<{ name: string; lon: number; lat: number }>`
    SELECT DISTINCT home_station->>'name' AS name, (home_station->>'lon')::float8 AS lon,
      (home_station->>'lat')::float8 AS lat
    FROM dispatch_units WHERE home_station IS NOT NULL`.execute(db);
  return res.rows.map((r) => ({
    kind: 'station',
    label: r.name,
    names: [r.name],
    lon: r.lon,
    lat: r.lat,
    precision: 1,
  }));
}

async function premisePlaces(db: Database['db']): Promise<Place[]> {
  const res = await sql<{ address: string; lon: number; lat: number; path: string }>`
    SELECT DISTINCT ON (address) address, lon, lat, path FROM (
      SELECT address, lon, lat, jurisdiction_path::text AS path, received_at FROM dispatch_incidents
      WHERE address IS NOT NULL AND address <> '' ORDER BY received_at DESC LIMIT ${PREMISE_LIMIT}) recent
    ORDER BY address, received_at DESC`.execute(db);
  return res.rows.map((r) => ({
    kind: 'premise',
    label: r.address,
    names: [r.address],
    lon: r.lon,
    lat: r.lat,
    precision: 0.95,
    path: r.path,
  }));
}

async function build(ctx: DispatchContext): Promise<Cached> {
  const db = ctx.database.db;
  const [jurisdictions, stations, premises] = await Promise.all([
    jurisdictionPlaces(db),
    stationPlaces(db),
    premisePlaces(db),
  ]);
  const roads = ctx.network.roadNames
    .filter((r) => r.coords.length >= 2)
    .map((r) => roadPlace(r.names, r.coords));
  return {
    gazetteer: new Gazetteer([...stations, ...premises, ...jurisdictions, ...roads]),
    builtAt: Date.now(),
    graphVersion: ctx.network.info?.version ?? null,
  };
}

/** This node's gazetteer, rebuilt when older than a minute or when the road graph changed. */
export async function gazetteerOf(ctx: DispatchContext): Promise<Gazetteer> {
  const current = cache.get(ctx.database);
  if (current) {
    const c = await current.catch(() => null);
    const version = ctx.network.info?.version ?? null;
    if (c && Date.now() - c.builtAt < MAX_AGE_MS && c.graphVersion === version) return c.gazetteer;
  }
  const next = build(ctx);
  cache.set(ctx.database, next);
  return (await next).gazetteer;
}

/** Forgets the gazetteer of this database (tests, after seeding places). */
export function forgetGazetteer(database: Database): void {
  cache.delete(database);
}

/** Address candidates for typed text; premises (earlier incidents) only inside the actor's scope. */
export async function geocode(
  ctx: DispatchContext,
  actor: Actor,
  text: string,
  limit = 8,
): Promise<GeocodeCandidate[]> {
  const g = await gazetteerOf(ctx);
  return g.search(text, limit, (p) => !p.path || inScope(actor, p.path));
}

/**
 * The location of a call given by address text only: the one confident candidate, else 422
 * `dispatch.address_ambiguous` (or `dispatch.address_not_found`) listing what the call taker can pick.
 */
export async function resolveAddress(
  ctx: DispatchContext,
  actor: Actor,
  address: string,
): Promise<GeocodeCandidate> {
  const candidates = await geocode(ctx, actor, address, 8);
  const pick = confidentCandidate(candidates);
  if (pick) return pick;
  if (candidates.length === 0) {
    throw unprocessable(
      'dispatch.address_not_found',
      'No place matches the address: pick it on the map',
      candidates,
    );
  }
  throw unprocessable(
    'dispatch.address_ambiguous',
    'The address matches several places: choose one',
    candidates,
  );
}

function unprocessable(code: string, message: string, candidates: GeocodeCandidate[]) {
  return new HavenError(code, 422, message, { candidates });
}
