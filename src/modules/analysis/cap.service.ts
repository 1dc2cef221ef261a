// Public warnings (CAP 1.2): drafts from templates, a supervisor's approval (author != approver)
// before publishing, Update/Cancel referencing the original, expiry; ingest of external alerts.
import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import type { Database } from '../../core/db/database.ts';
import { pgArray } from '../../core/db/sql-values.ts';
import { transact } from '../../core/db/transaction.ts';
import { conflict, forbidden, invalid, notFound } from '../../core/errors.ts';
import { type Actor, can, inScope } from '../../core/identity/actor.ts';
import type { CoreServices } from '../../core/module.ts';
import { CAP_COLUMNS, type CapAlertSummary, type CapRow, capRow, capSummary, loadCap } from './cap-store.ts';
import { CAP_TEMPLATES } from './cap-templates.ts';
import { buildCapXml, followUpAlert, validateCapAlert } from './domain/cap-builder.ts';
import {
  capAlertToGeoJson,
  geoJsonToCapPolygons,
  type MultiPolygon,
  type Polygon,
} from './domain/cap-geometry.ts';
import {
  type CapAlert,
  type CapCertainty,
  type CapInfo,
  type CapSeverity,
  type CapUrgency,
  formatCapDateTime,
} from './domain/cap-model.ts';
import { parseCapDocument } from './domain/cap-parser.ts';
import { CAP_APPROVE, CAP_AUTHOR, CAP_INGEST } from './permissions.ts';

/** Who sends Haven's warnings (CAP `sender`). */
export const CAP_SENDER = 'haven-public-warning';

/** What an author writes. */
export interface WarningInput {
  template: string;
  language: 'en' | 'zh-CN';
  headline: string;
  description: string;
  instruction?: string;
  severity?: CapSeverity;
  urgency?: CapUrgency;
  certainty?: CapCertainty;
  /** ISO instant after which the warning is no longer current. */
  expiresAt: string;
  areaDesc: string;
  /** An area drawn on the map. */
  area?: Polygon | MultiPolygon;
  /** Jurisdictions whose boundaries form the area. */
  jurisdictionCodes?: string[];
}

function commonPath(paths: string[]): string | null {
  if (paths.length === 0) return null;
  let parts = paths[0]!.split('.');
  for (const p of paths.slice(1)) {
    const q = p.split('.');
    let i = 0;
    while (i < parts.length && parts[i] === q[i]) i++;
    parts = parts.slice(0, i);
  }
  return parts.length ? parts.join('.') : null;
}

async function areaOf(services: CoreServices, actor: Actor, tx: Database['db'], input: WarningInput) {
  const polygons: CapInfo['areas'][number]['polygons'] = [];
  const geocodes: { valueName: string; value: string }[] = [];
  const paths: string[] = [];
  if (input.area) {
    try {
      polygons.push(...geoJsonToCapPolygons(input.area).polygons);
    } catch (err) {
      throw invalid('analysis.cap.area', `The drawn area is not a valid polygon: ${(err as Error).message}`);
    }
    const first = polygons[0]?.[0];
    const at = first ? services.jurisdictions.locate(first[1], first[0]) : null;
    if (at) paths.push(at.path);
  }
  if (input.jurisdictionCodes?.length) {
    const r = await sql<{
      code: string;
      path: string;
      geometry: unknown;
    }>`SELECT code, path::text AS path, geometry
      FROM jurisdictions WHERE code = ANY(${pgArray(input.jurisdictionCodes)}::text[])`.execute(tx);
    const found = r.rows.filter((row) => inScope(actor, row.path));
    if (found.length !== input.jurisdictionCodes.length)
      throw invalid('analysis.cap.jurisdiction', 'Unknown jurisdiction code or outside your jurisdiction');
    for (const row of found) {
      const g = (typeof row.geometry === 'string' ? JSON.parse(row.geometry) : row.geometry) as
        | Polygon
        | MultiPolygon
        | null;
      if (g) polygons.push(...geoJsonToCapPolygons(g).polygons);
      geocodes.push({ valueName: 'HAVEN_JURISDICTION', value: row.code });
      paths.push(row.path);
    }
  }
  if (polygons.length === 0 && geocodes.length === 0)
    throw invalid('analysis.cap.no_area', 'Draw an area or choose jurisdictions');
  const path = commonPath(paths) ?? actor.scopes.find((s) => s !== '') ?? null;
  return { area: { areaDesc: input.areaDesc, polygons, circles: [], geocodes }, path };
}

function infoOf(input: WarningInput, area: CapInfo['areas'][number]): CapInfo {
  const t = CAP_TEMPLATES.find((x) => x.code === input.template);
  if (!t) throw invalid('analysis.cap.template', `Unknown template ${input.template}`);
  const expires = new Date(input.expiresAt);
  if (Number.isNaN(expires.getTime())) throw invalid('analysis.cap.expires', 'expiresAt is not a date-time');
  return {
    language: input.language,
    categories: [...t.categories],
    event: t.event[input.language],
    responseTypes: [...t.responseTypes],
    urgency: input.urgency ?? t.urgency,
    severity: input.severity ?? t.severity,
    certainty: input.certainty ?? t.certainty,
    eventCodes: [{ valueName: 'HAVEN_TEMPLATE', value: t.code }],
    expires: formatCapDateTime(expires),
    senderName: 'Haven',
    headline: input.headline,
    description: input.description,
    instruction: input.instruction ?? t.instruction[input.language],
    parameters: [],
    resources: [],
    areas: [area],
  };
}

async function insertPending(
  tx: Parameters<Parameters<typeof transact>[2]>[0],
  alert: CapAlert,
  path: string | null,
  referencesId: string | null,
): Promise<CapRow> {
  const problems = validateCapAlert(alert);
  if (problems.length > 0)
    throw invalid('analysis.cap.invalid', `Not a valid CAP alert: ${problems.join('; ')}`, { problems });
  const id = alert.identifier.replace(/^haven-/, '');
  const info = alert.infos[0]!;
  await sql`INSERT INTO analysis_cap_alerts (id, origin, state, identifier, sender, msg_type, references_id, alert, areas,
      headline, event, severity, expires_at, jurisdiction_path, author_id, author_name)
    VALUES (${id}, 'local', 'pending', ${alert.identifier}, ${alert.sender}, ${alert.msgType}, ${referencesId},
      ${JSON.stringify(alert)}, ${JSON.stringify(capAlertToGeoJson(alert))}, ${info.headline ?? null}, ${info.event},
      ${info.severity}, ${info.expires ? new Date(info.expires) : null}, ${path}::ltree, ${tx.actor.id}, ${tx.actor.name})`.execute(
    tx.db,
  );
  tx.audit({
    action: 'analysis.cap.drafted',
    targetType: 'cap_alert',
    targetId: id,
    jurisdictionPath: path,
    details: { msgType: alert.msgType },
  });
  return (await loadCap(tx.db, id))!;
}

/** Drafts a new warning (waits for approval). */
export async function draftWarning(
  services: CoreServices,
  actor: Actor,
  input: WarningInput,
  now: Date,
): Promise<CapAlertSummary> {
  if (!can(actor, CAP_AUTHOR)) throw forbidden();
  return transact(services.database, actor, async (tx) => {
    const { area, path } = await areaOf(services, actor, tx.db, input);
    const id = uuidv7();
    const alert: CapAlert = {
      identifier: `haven-${id}`,
      sender: CAP_SENDER,
      sent: formatCapDateTime(now),
      status: 'Actual',
      msgType: 'Alert',
      scope: 'Public',
      codes: [],
      references: [],
      infos: [infoOf(input, area)],
    };
    return capSummary(await insertPending(tx, alert, path, null));
  });
}

async function visible(database: Database, actor: Actor, id: string): Promise<CapRow> {
  const row = await loadCap(database.db, id);
  if (!row) throw notFound('Warning');
  if (row.origin !== 'local' || !inScope(actor, row.jurisdictionPath)) throw notFound('Warning');
  return row;
}

/** Drafts an Update (new content) or a Cancel of a published warning. */
export async function draftFollowUp(
  services: CoreServices,
  actor: Actor,
  id: string,
  msgType: 'Update' | 'Cancel',
  input: WarningInput | null,
  now: Date,
): Promise<CapAlertSummary> {
  if (!can(actor, CAP_AUTHOR)) throw forbidden();
  const original = await visible(services.database, actor, id);
  if (original.state !== 'published' || original.superseded)
    throw conflict(
      'analysis.cap.not_current',
      'Only the current published warning can be updated or cancelled',
    );
  return transact(services.database, actor, async (tx) => {
    let infos = original.alert.infos;
    let path = original.jurisdictionPath;
    if (msgType === 'Update') {
      if (!input) throw invalid('analysis.cap.update_content', 'An update needs the new content');
      const a = await areaOf(services, actor, tx.db, input);
      infos = [infoOf(input, a.area)];
      path = a.path;
    }
    const newId = uuidv7();
    const alert = followUpAlert(original.alert, {
      msgType,
      identifier: `haven-${newId}`,
      sent: formatCapDateTime(now),
      infos,
    });
    return capSummary(await insertPending(tx, alert, path, original.id));
  });
}

/** Approves and publishes a pending warning; the approver must not be its author. */
export async function approveWarning(
  services: CoreServices,
  actor: Actor,
  id: string,
  now: Date,
): Promise<CapAlertSummary> {
  if (!can(actor, CAP_APPROVE)) throw forbidden();
  await visible(services.database, actor, id);
  return transact(services.database, actor, async (tx) => {
    const row = (await loadCap(tx.db, id, true))!;
    if (row.state !== 'pending')
      throw conflict('analysis.cap.not_pending', 'This warning is not waiting for approval');
    if (row.authorId !== null && row.authorId === actor.id)
      throw conflict(
        'analysis.cap.same_person',
        'A warning must be approved by someone other than its author',
      );
    const alert: CapAlert = { ...row.alert, sent: formatCapDateTime(now) };
    const problems = validateCapAlert(alert);
    if (problems.length > 0)
      throw conflict('analysis.cap.invalid', `Not a valid CAP alert: ${problems.join('; ')}`);
    const xml = buildCapXml(alert);
    await sql`UPDATE analysis_cap_alerts SET state = 'published', alert = ${JSON.stringify(alert)}, xml = ${xml},
      published_at = ${now}, approver_id = ${actor.id}, approver_name = ${actor.name} WHERE id = ${id}`.execute(
      tx.db,
    );
    if (row.referencesId)
      await sql`UPDATE analysis_cap_alerts SET superseded = true WHERE id = ${row.referencesId}`.execute(
        tx.db,
      );
    const published = (await loadCap(tx.db, id))!;
    tx.audit({
      action: 'analysis.cap.published',
      targetType: 'cap_alert',
      targetId: id,
      jurisdictionPath: row.jurisdictionPath,
    });
    tx.emit('analysis.cap.changed', capSummary(published), {
      jurisdictionPath: row.jurisdictionPath,
      permission: CAP_AUTHOR,
    });
    return capSummary(published);
  });
}

/** Rejects a pending warning. */
export async function rejectWarning(
  services: CoreServices,
  actor: Actor,
  id: string,
): Promise<CapAlertSummary> {
  if (!can(actor, CAP_APPROVE)) throw forbidden();
  await visible(services.database, actor, id);
  return transact(services.database, actor, async (tx) => {
    const r = await sql`UPDATE analysis_cap_alerts SET state = 'rejected', approver_id = ${actor.id},
      approver_name = ${actor.name} WHERE id = ${id} AND state = 'pending'`.execute(tx.db);
    if (Number(r.numAffectedRows ?? 0) === 0)
      throw conflict('analysis.cap.not_pending', 'This warning is not waiting for approval');
    tx.audit({ action: 'analysis.cap.rejected', targetType: 'cap_alert', targetId: id });
    return capSummary((await loadCap(tx.db, id))!);
  });
}

/** Local warnings in the actor's scope, newest first. */
export async function listWarningsForStaff(database: Database, actor: Actor): Promise<CapAlertSummary[]> {
  if (!can(actor, CAP_AUTHOR) && !can(actor, CAP_APPROVE)) throw forbidden();
  const r = await sql<Record<string, unknown>>`SELECT ${CAP_COLUMNS} FROM analysis_cap_alerts
    WHERE origin = 'local' ORDER BY created_at DESC LIMIT 500`.execute(database.db);
  return r.rows
    .map(capRow)
    .filter((x) => inScope(actor, x.jurisdictionPath))
    .map(capSummary);
}

/** Published, current, unexpired local warnings (what the public portal shows). */
export async function currentPublicWarnings(
  database: Database,
  now: Date,
  includeCancels = false,
): Promise<CapRow[]> {
  const r = await sql<Record<string, unknown>>`SELECT ${CAP_COLUMNS} FROM analysis_cap_alerts
    WHERE origin = 'local' AND state = 'published' AND NOT superseded
      AND (${includeCancels} OR msg_type <> 'Cancel') AND (expires_at IS NULL OR expires_at > ${now})
    ORDER BY published_at DESC LIMIT 200`.execute(database.db);
  return r.rows.map(capRow);
}

/** The CAP XML of a published local warning. */
export async function publishedXml(database: Database, id: string): Promise<string> {
  const row = await loadCap(database.db, id);
  if (!row) throw notFound('Warning');
  if (row.origin !== 'local' || row.state !== 'published' || !row.xml) throw notFound('Warning');
  return row.xml;
}

/** Stores the alerts of an external CAP document (every area and polygon) for the situation map. */
export async function ingestCap(services: CoreServices, actor: Actor, xml: string) {
  if (!can(actor, CAP_INGEST)) throw forbidden();
  let doc: ReturnType<typeof parseCapDocument>;
  try {
    doc = parseCapDocument(xml);
  } catch (err) {
    throw invalid('analysis.cap.unreadable', `Not a readable CAP document: ${(err as Error).message}`);
  }
  return transact(services.database, actor, async (tx) => {
    const stored: string[] = [];
    let duplicates = 0;
    for (const { alert, problems } of doc.alerts) {
      const info = alert.infos[0];
      const expires = alert.infos
        .map((i) => i.expires)
        .filter((e): e is string => !!e)
        .sort()
        .at(-1);
      const id = uuidv7();
      const r =
        await sql`INSERT INTO analysis_cap_alerts (id, origin, state, identifier, sender, msg_type, alert, areas,
          headline, event, severity, expires_at, author_id, author_name)
        VALUES (${id}, 'external', 'received', ${alert.identifier}, ${alert.sender}, ${alert.msgType}, ${JSON.stringify(alert)},
          ${JSON.stringify(capAlertToGeoJson(alert))}, ${info?.headline ?? null}, ${info?.event ?? ''}, ${info?.severity ?? 'Unknown'},
          ${expires ? new Date(expires) : null}, ${actor.id}, ${actor.name})
        ON CONFLICT (sender, identifier) DO NOTHING`.execute(tx.db);
      if (Number(r.numAffectedRows ?? 0) === 0) duplicates++;
      else {
        stored.push(id);
        tx.audit({
          action: 'analysis.cap.ingested',
          targetType: 'cap_alert',
          targetId: id,
          details: { problems },
        });
      }
    }
    return { stored, duplicates, alerts: doc.alerts.length };
  });
}

/** Areas of current external and published local alerts as one FeatureCollection (situation map). */
export async function situationAreas(database: Database, actor: Actor, now: Date) {
  if (!can(actor, CAP_INGEST) && !can(actor, 'analysis.read')) throw forbidden();
  const r = await sql<Record<string, unknown>>`SELECT ${CAP_COLUMNS} FROM analysis_cap_alerts
    WHERE state IN ('received', 'published') AND NOT superseded AND msg_type <> 'Cancel'
      AND (expires_at IS NULL OR expires_at > ${now}) ORDER BY created_at DESC LIMIT 500`.execute(
    database.db,
  );
  const features = r.rows.map(capRow).flatMap((row) =>
    ((row.areas as { features: { properties: Record<string, unknown> }[] }).features ?? []).map((f) => ({
      ...f,
      properties: {
        ...f.properties,
        alertId: row.id,
        origin: row.origin,
        event: row.event,
        severity: row.severity,
        headline: row.headline,
      },
    })),
  );
  return { type: 'FeatureCollection' as const, features };
}
