import { sql } from 'kysely';
import { pgArray } from '../../core/db/sql-values.ts';
import { DEFAULT_TIME_ZONE } from '../../core/time/zoned-time.ts';
import { calendarAt, definitionOf, loadTypes, type RequestType } from './catalogue.ts';
import type { GridDeps } from './deps.ts';
import type { RequestsQuery } from './domain/open311-query.ts';
import type { Open311Request, Open311Service, Open311ServiceDefinition } from './domain/open311-types.ts';
import { open311Status, type RequestState } from './domain/request-state.ts';
import { groupName } from './groups.ts';
import { type GridLocale, localName } from './locale.ts';
import { OPEN_STATES_SQL } from './request-row.ts';
import { jurisdictionByCode, soleRootPath } from './routing.ts';

type Catalogue = {
  services: Open311Service[];
  byCode: Map<string, { service: Open311Service; definition: Open311ServiceDefinition; type: RequestType }>;
};

// Every Open311 call needs the catalogue; it changes rarely, so each node keeps it briefly.
const CATALOGUE_TTL_MS = 2000;
const catalogueCache = new WeakMap<
  object,
  Map<GridLocale, { at: number; stamp: number; value: Catalogue }>
>();
let catalogueStamp = 0;

/** Forgets cached catalogues of this node (after a type is saved here; other nodes follow within the TTL). */
export function catalogueChanged(): void {
  catalogueStamp++;
}

/** The public catalogue as Open311 services (and definitions, by code), cached for CATALOGUE_TTL_MS. */
export async function open311Catalogue(deps: GridDeps, locale: GridLocale): Promise<Catalogue> {
  const perDb = catalogueCache.get(deps.database) ?? new Map();
  catalogueCache.set(deps.database, perDb);
  const hit = perDb.get(locale);
  if (hit && hit.stamp === catalogueStamp && performance.now() - hit.at < CATALOGUE_TTL_MS) return hit.value;
  const value = await loadCatalogue(deps, locale);
  perDb.set(locale, { at: performance.now(), stamp: catalogueStamp, value });
  return value;
}

async function loadCatalogue(
  deps: GridDeps,
  locale: GridLocale,
): Promise<{
  services: Open311Service[];
  byCode: Map<string, { service: Open311Service; definition: Open311ServiceDefinition; type: RequestType }>;
}> {
  const types = await loadTypes(deps.database.db, { publicOnly: true });
  const byCode = new Map<
    string,
    { service: Open311Service; definition: Open311ServiceDefinition; type: RequestType }
  >();
  const services = types.map((t) => {
    const service: Open311Service = {
      service_code: t.code,
      service_name: localName(t.nameZh, t.nameEn, locale),
      description:
        locale === 'zh-CN' ? (t.descriptionZh ?? t.descriptionEn) : (t.descriptionEn ?? t.descriptionZh),
      metadata: t.attributes.length > 0,
      type: t.serviceType,
      keywords: t.keywords,
      group: groupName(t.group, locale),
    };
    byCode.set(t.code, { service, definition: definitionOf(t, locale), type: t });
    return service;
  });
  return { services, byCode };
}

/** The time zone Open311 timestamps are written in: the root calendar's, else Asia/Shanghai. */
export async function open311TimeZone(deps: GridDeps): Promise<string> {
  const root = await soleRootPath(deps.database.db);
  return root ? (await calendarAt(deps.database.db, root)).timeZone : DEFAULT_TIME_ZONE;
}

interface PublicRow {
  public_id: string;
  state: RequestState;
  status_notes: string | null;
  service_code: string;
  type_zh: string;
  type_en: string;
  description: string | null;
  dept_zh: string | null;
  dept_en: string | null;
  submitted_at: Date;
  updated_at: Date;
  resolved_at: Date | null;
  closed_at: Date | null;
  deadline: Date | null;
  address: string | null;
  address_id: string | null;
  zipcode: string | null;
  lat: number | null;
  lon: number | null;
  media_url: string | null;
  photo_id: string | null;
}

function toOpen311(r: PublicRow, locale: GridLocale, baseUrl: string): Open311Request {
  const status = open311Status(r.state);
  return {
    service_request_id: r.public_id,
    status,
    status_notes: r.status_notes,
    service_name: localName(r.type_zh, r.type_en, locale),
    service_code: r.service_code,
    description: r.description,
    agency_responsible: r.dept_zh || r.dept_en ? localName(r.dept_zh, r.dept_en, locale) : null,
    service_notice: null,
    requested_datetime: r.submitted_at,
    updated_datetime: status === 'closed' ? (r.closed_at ?? r.resolved_at ?? r.updated_at) : r.updated_at,
    expected_datetime: status === 'open' ? r.deadline : null,
    address: r.address,
    address_id: r.address_id,
    zipcode: r.zipcode,
    lat: r.lat,
    long: r.lon,
    media_url: r.photo_id ? `${baseUrl}/api/public/grid/photos/${r.photo_id}` : r.media_url,
  };
}

/** Jurisdiction subtree of an Open311 `jurisdiction_id` (a jurisdiction code); null = everything. */
export async function pathOfJurisdictionId(
  deps: GridDeps,
  id: string | null,
): Promise<string | null | undefined> {
  if (id === null) return null;
  const j = await jurisdictionByCode(deps.database.db, id);
  return j ? j.path : undefined;
}

/**
 * Requests as the public sees them (GET requests / requests/{id}): public types only, never
 * private ones, the redacted wording, no personal data, only unredacted photos.
 */
export async function open311Requests(
  deps: GridDeps,
  query: RequestsQuery,
  under: string | null,
  locale: GridLocale,
  baseUrl: string,
): Promise<Open311Request[]> {
  const byId = query.kind === 'by_id';
  const codes = query.kind === 'search' ? query.serviceCodes : null;
  const statuses = query.kind === 'search' ? query.statuses : null;
  const wantOpen = statuses === null || statuses.includes('open');
  const wantClosed = statuses === null || statuses.includes('closed');
  const limit = query.kind === 'search' ? query.pageSize : 1000;
  const offset = query.kind === 'search' ? (query.page - 1) * query.pageSize : 0;
  const open = sql.raw(`r.state IN ${OPEN_STATES_SQL}`);
  const res = await sql<PublicRow>`SELECT r.public_id, r.state, r.status_notes, r.service_code,
      t.name_zh AS type_zh, t.name_en AS type_en, coalesce(r.public_description, r.description) AS description,
      d.name_zh AS dept_zh, d.name_en AS dept_en, r.submitted_at, r.updated_at, r.resolved_at, r.closed_at,
      r.deadline, r.address, r.address_id, r.zipcode, r.lat, r.lon, r.media_url,
      (SELECT p.id FROM grid_photos p WHERE p.request_id = r.id AND NOT p.redacted ORDER BY p.created_at, p.id LIMIT 1) AS photo_id
    FROM grid_requests r JOIN grid_request_types t ON t.code = r.service_code AND t.public
    LEFT JOIN grid_departments d ON d.id = r.department_id
    WHERE NOT r.private
      AND (${under}::ltree IS NULL OR r.jurisdiction_path <@ ${under}::ltree)
      AND (${byId} = false OR r.public_id = ANY(${pgArray(byId ? query.ids : [])}::text[]))
      AND (${byId} OR (
        r.submitted_at BETWEEN ${query.kind === 'search' ? query.start : null} AND ${query.kind === 'search' ? query.end : null}
        AND (${pgArray(codes)}::text[] IS NULL OR r.service_code = ANY(${pgArray(codes)}::text[]))
        AND ((${wantOpen} AND ${open}) OR (${wantClosed} AND NOT ${open}))))
    ORDER BY r.submitted_at DESC, r.public_id DESC
    LIMIT ${limit} OFFSET ${offset}`.execute(deps.database.db);
  return res.rows.map((r) => toOpen311(r, locale, baseUrl));
}

/** Catalogue stamp for discovery (`changeset`): the last change of any request type. */
export async function catalogueChangeset(deps: GridDeps): Promise<Date> {
  const res = await sql<{ at: Date | null }>`SELECT max(updated_at) AS at FROM grid_request_types`.execute(
    deps.database.db,
  );
  return res.rows[0]?.at ?? new Date(0);
}
