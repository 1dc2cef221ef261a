import { sql } from 'kysely';
import type { Database } from '../../core/db/database.ts';
import { transact } from '../../core/db/transaction.ts';
import { type Actor, systemActor } from '../../core/identity/actor.ts';
import { DispatchError } from './domain/errors.ts';
import { DEFAULT_INCIDENT_TYPES } from './domain/incident-catalogue.ts';
import {
  createCatalogue,
  getIncidentType,
  type IncidentCatalogue,
  type IncidentType,
  validateCatalogue,
} from './domain/incident-type.ts';
import {
  assertValidTimerThresholds,
  DEFAULT_TIMER_THRESHOLDS,
  type TimerThresholds,
} from './domain/timer-thresholds.ts';
import { P } from './permissions.ts';

const THRESHOLDS_KEY = 'timer_thresholds';

/**
 * This node's copy of the incident-type catalogue and timer thresholds, reloaded whenever any
 * node edits them (`dispatch.catalogue.changed`); call intake reads it without a query.
 */
export class CatalogueStore {
  catalogue: IncidentCatalogue = new Map();
  thresholds: TimerThresholds = DEFAULT_TIMER_THRESHOLDS;
  private loaded = false;

  constructor(private readonly database: Database) {}

  async ready(): Promise<this> {
    if (!this.loaded) await this.reload();
    return this;
  }

  async reload(): Promise<void> {
    const types = await sql<{ definition: IncidentType }>`
      SELECT definition FROM dispatch_incident_types ORDER BY code`.execute(this.database.db);
    const settings = await sql<{ value: TimerThresholds }>`
      SELECT value FROM dispatch_settings WHERE key = ${THRESHOLDS_KEY}`.execute(this.database.db);
    this.catalogue = new Map(types.rows.map((r) => [r.definition.code, r.definition]));
    this.thresholds = settings.rows[0]?.value ?? DEFAULT_TIMER_THRESHOLDS;
    this.loaded = true;
  }

  /** The type with this code (active or not); 400 `dispatch.unknown_incident_type` when absent. */
  type(code: string): IncidentType {
    return getIncidentType(this.catalogue, code);
  }

  /** Every type, by code. */
  list(includeInactive: boolean): IncidentType[] {
    return [...this.catalogue.values()].filter((t) => includeInactive || t.active);
  }
}

const stores = new WeakMap<Database, CatalogueStore>();

/** The catalogue of the node using this database connection. */
export function catalogueOf(database: Database): CatalogueStore {
  let s = stores.get(database);
  if (!s) {
    s = new CatalogueStore(database);
    stores.set(database, s);
  }
  return s;
}

/** Inserts the default types that are missing (idempotent; safe on several nodes at once). */
export async function ensureDefaultCatalogue(database: Database): Promise<void> {
  const count = await sql<{ n: number }>`SELECT count(*)::int AS n FROM dispatch_incident_types`.execute(
    database.db,
  );
  if ((count.rows[0]?.n ?? 0) > 0) return;
  createCatalogue(DEFAULT_INCIDENT_TYPES); // refuses an invalid default set loudly
  const values = DEFAULT_INCIDENT_TYPES.map((t) => ({
    code: t.code,
    definition: JSON.stringify(t),
    active: t.active,
  }));
  await transact(database, systemActor('dispatch-catalogue'), async (tx) => {
    const res = await tx.db
      .insertInto('dispatch_incident_types')
      .values(values)
      .onConflict((oc) => oc.column('code').doNothing())
      .returning('code')
      .execute();
    if (res.length === 0) return;
    tx.audit({
      action: 'dispatch.types.install_defaults',
      targetType: 'incident_type',
      details: { count: res.length },
    });
    tx.emit(
      'dispatch.catalogue.changed',
      { code: null },
      { jurisdictionPath: null, permission: P.incidentsRead },
    );
  });
  await catalogueOf(database).reload();
}

/** Creates or replaces one incident type (admin); the whole catalogue must stay valid. */
export async function putIncidentType(
  database: Database,
  actor: Actor,
  type: IncidentType,
): Promise<IncidentType> {
  const store = await catalogueOf(database).ready();
  const next = [...store.catalogue.values()].filter((t) => t.code !== type.code);
  next.push(type);
  const issues = validateCatalogue(next);
  if (issues.length > 0) {
    throw new DispatchError('dispatch.invalid_catalogue', `Incident type: ${issues[0]!.message}`, { issues });
  }
  const existed = store.catalogue.has(type.code);
  await transact(database, actor, async (tx) => {
    await sql`INSERT INTO dispatch_incident_types (code, definition, active, updated_at)
      VALUES (${type.code}, ${JSON.stringify(type)}::jsonb, ${type.active}, now())
      ON CONFLICT (code) DO UPDATE SET definition = EXCLUDED.definition, active = EXCLUDED.active,
        updated_at = now()`.execute(tx.db);
    tx.audit({
      action: existed ? 'dispatch.type.update' : 'dispatch.type.create',
      targetType: 'incident_type',
      targetId: type.code,
      details: { active: type.active, defaultPriority: type.defaultPriority },
    });
    tx.emit(
      'dispatch.catalogue.changed',
      { code: type.code },
      { jurisdictionPath: null, permission: P.incidentsRead },
    );
  });
  await store.reload();
  return store.type(type.code);
}

/** Replaces the timer threshold table (admin). */
export async function putTimerThresholds(
  database: Database,
  actor: Actor,
  table: TimerThresholds,
): Promise<TimerThresholds> {
  assertValidTimerThresholds(table);
  await transact(database, actor, async (tx) => {
    await sql`INSERT INTO dispatch_settings (key, value, updated_at)
      VALUES (${THRESHOLDS_KEY}, ${JSON.stringify(table)}::jsonb, now())
      ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`.execute(tx.db);
    tx.audit({
      action: 'dispatch.thresholds.update',
      targetType: 'dispatch_settings',
      targetId: THRESHOLDS_KEY,
    });
    tx.emit(
      'dispatch.catalogue.changed',
      { code: null },
      { jurisdictionPath: null, permission: P.incidentsRead },
    );
  });
  const store = catalogueOf(database);
  await store.reload();
  return store.thresholds;
}
