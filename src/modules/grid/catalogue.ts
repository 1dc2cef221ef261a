import { sql } from 'kysely';
import type { Database } from '../../core/db/database.ts';
import type { SlaDuration, SlaUnit } from './domain/deadline.ts';
import type {
  Open311Attribute,
  Open311ServiceDefinition,
  Open311ServiceType,
} from './domain/open311-types.ts';
import { createWorkCalendar, type WorkCalendar, type WorkCalendarSpec } from './domain/work-calendar.ts';

/** A query runner: the pool or an open transaction. */
export type Db = Database['db'];

/** An attribute as stored: the Open311 definition plus Chinese wording. */
export type StoredAttribute = Omit<Open311Attribute, 'values'> & {
  description_zh?: string | null;
  values?: readonly { key: string; name: string; name_zh?: string | null }[];
};

/** A request type (service) with its deadline, escalation and Open311 definition. */
export interface RequestType {
  code: string;
  nameZh: string;
  nameEn: string;
  group: string;
  descriptionZh: string | null;
  descriptionEn: string | null;
  keywords: string[];
  public: boolean;
  serviceType: Open311ServiceType;
  sla: SlaDuration;
  escalation: SlaDuration;
  duplicateRadiusM: number;
  attributes: StoredAttribute[];
  active: boolean;
}

/** A `grid_request_types` row. */
export interface TypeRow {
  code: string;
  name_zh: string;
  name_en: string;
  group_code: string;
  description_zh: string | null;
  description_en: string | null;
  keywords: string[];
  public: boolean;
  service_type: Open311ServiceType;
  sla_amount: string;
  sla_unit: SlaUnit;
  escalation_amount: string;
  escalation_unit: SlaUnit;
  duplicate_radius_m: number;
  attributes: StoredAttribute[];
  active: boolean;
}

/** The request type of a row. */
export function toType(r: TypeRow): RequestType {
  return {
    code: r.code,
    nameZh: r.name_zh,
    nameEn: r.name_en,
    group: r.group_code,
    descriptionZh: r.description_zh,
    descriptionEn: r.description_en,
    keywords: r.keywords ?? [],
    public: r.public,
    serviceType: r.service_type,
    sla: { amount: Number(r.sla_amount), unit: r.sla_unit },
    escalation: { amount: Number(r.escalation_amount), unit: r.escalation_unit },
    duplicateRadiusM: r.duplicate_radius_m,
    attributes: r.attributes ?? [],
    active: r.active,
  };
}

/** Every request type, ordered by group and code. */
export async function loadTypes(db: Db, opts: { publicOnly?: boolean } = {}): Promise<RequestType[]> {
  const res = await sql<TypeRow>`SELECT * FROM grid_request_types
    WHERE (${opts.publicOnly ?? false} = false OR (public AND active))
    ORDER BY group_code, code`.execute(db);
  return res.rows.map(toType);
}

/** One request type, or null. */
export async function loadType(db: Db, code: string): Promise<RequestType | null> {
  const res = await sql<TypeRow>`SELECT * FROM grid_request_types WHERE code = ${code}`.execute(db);
  return res.rows[0] ? toType(res.rows[0]) : null;
}

/** The Open311 service definition of a type (attributes without the Chinese wording). */
export function definitionOf(t: RequestType, locale: 'zh-CN' | 'en' = 'en'): Open311ServiceDefinition {
  return {
    service_code: t.code,
    attributes: t.attributes.map((a) => ({
      variable: a.variable,
      code: a.code,
      datatype: a.datatype,
      required: a.required,
      datatype_description: a.datatype_description ?? null,
      order: a.order,
      description: locale === 'zh-CN' ? (a.description_zh ?? a.description) : a.description,
      ...(a.values
        ? {
            values: a.values.map((v) => ({
              key: v.key,
              name: locale === 'zh-CN' ? (v.name_zh ?? v.name) : v.name,
            })),
          }
        : {}),
    })),
  };
}

const calendarCache = new Map<string, WorkCalendar>();

/** Turns a stored spec into a calendar (validated specs are cached by content). */
export function calendarFromSpec(spec: WorkCalendarSpec): WorkCalendar {
  const key = JSON.stringify(spec);
  let cal = calendarCache.get(key);
  if (!cal) {
    cal = createWorkCalendar(spec);
    if (calendarCache.size > 500) calendarCache.clear();
    calendarCache.set(key, cal);
  }
  return cal;
}

/** The working calendar in force at a path: the deepest covering row, else the default. */
export async function calendarAt(db: Db, path: string): Promise<WorkCalendar> {
  const res = await sql<{ spec: WorkCalendarSpec }>`SELECT spec FROM grid_calendars
    WHERE jurisdiction_path @> ${path}::ltree ORDER BY nlevel(jurisdiction_path) DESC LIMIT 1`.execute(db);
  return calendarFromSpec(res.rows[0]?.spec ?? {});
}
