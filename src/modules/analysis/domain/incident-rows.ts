// Validation of imported incident rows: column mapping, type mapping and per-row reasons for
// rejection. Pure: the caller reads the file and writes the rows.
import { latLngToCell } from 'h3-js';
import { localTimeToInstant } from './zoned-time.ts';

/** Which CSV column holds each field (`category` optional; `type` may be a constant `=code`). */
export interface ImportMapping {
  time: string;
  lat: string;
  lon: string;
  type: string;
  category?: string;
}

/** How rows are read: mapping, source type -> Haven type code, and the zone of local times. */
export interface ImportRules {
  mapping: ImportMapping;
  /** Source type value -> Haven type code; values not listed pass through unchanged. */
  typeMap?: ReadonlyMap<string, string>;
  /** IANA zone of times without an offset (default UTC). */
  timeZone?: string;
}

/** A row ready to be stored. */
export interface ImportedIncident {
  line: number;
  occurredAt: Date;
  lon: number;
  lat: number;
  h3: string;
  typeCode: string;
  category: string | null;
}

/** A row that was not imported and why. */
export interface RejectedRow {
  line: number;
  reason: string;
}

/** Parses `time=date,lat=latitude,...` into a mapping; throws on a missing required field. */
export function parseMappingSpec(spec: string): ImportMapping {
  const out: Record<string, string> = {};
  for (const part of spec.split(',')) {
    const [key, ...rest] = part.split('=');
    if (key && rest.length > 0) out[key.trim()] = rest.join('=').trim();
  }
  for (const need of ['time', 'lat', 'lon', 'type'])
    if (!out[need]) throw new Error(`--map needs ${need}=<column> (got "${spec}")`);
  return { time: out.time!, lat: out.lat!, lon: out.lon!, type: out.type!, category: out.category };
}

/** Parses `street=assault.street,residence=assault.home` into a type map. */
export function parseTypeMapSpec(spec: string | undefined): Map<string, string> {
  const map = new Map<string, string>();
  if (!spec) return map;
  for (const part of spec.split(',')) {
    const i = part.indexOf('=');
    if (i > 0) map.set(part.slice(0, i).trim(), part.slice(i + 1).trim());
  }
  return map;
}

/** The columns a mapping needs that the header lacks. */
export function missingColumns(mapping: ImportMapping, header: readonly string[]): string[] {
  const cols = [mapping.time, mapping.lat, mapping.lon, mapping.category];
  if (!mapping.type.startsWith('=')) cols.push(mapping.type);
  return cols.filter((c): c is string => c !== undefined && !header.includes(c));
}

const TYPE_CODE = /^[A-Za-z0-9_.-]{1,64}$/;

function parseCoordinate(text: string | undefined, limit: number): number | null {
  if (text === undefined || text.trim() === '') return null;
  const v = Number(text);
  return Number.isFinite(v) && Math.abs(v) <= limit ? v : null;
}

function parseTime(text: string, zone: string): Date | null {
  const t = text.trim();
  if (/[zZ]$|[+-]\d{2}:?\d{2}$/.test(t) && t.includes('T')) {
    const d = new Date(t);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  return localTimeToInstant(t, zone);
}

/** Validates one record (1-based file line); returns the incident or the reason it was rejected. */
export function readIncidentRow(
  record: Record<string, string | undefined>,
  line: number,
  rules: ImportRules,
): ImportedIncident | RejectedRow {
  const m = rules.mapping;
  const timeText = record[m.time] ?? '';
  const occurredAt = parseTime(timeText, rules.timeZone ?? 'UTC');
  if (!occurredAt) return { line, reason: `time "${timeText.slice(0, 40)}" is not a valid date-time` };
  const lat = parseCoordinate(record[m.lat], 90);
  const lon = parseCoordinate(record[m.lon], 180);
  if (lat === null)
    return { line, reason: `latitude "${String(record[m.lat] ?? '').slice(0, 40)}" is missing or invalid` };
  if (lon === null)
    return { line, reason: `longitude "${String(record[m.lon] ?? '').slice(0, 40)}" is missing or invalid` };
  if (lat === 0 && lon === 0) return { line, reason: 'coordinates 0,0 (no location)' };
  const rawType = m.type.startsWith('=') ? m.type.slice(1) : (record[m.type] ?? '').trim();
  if (rawType === '') return { line, reason: 'type is empty' };
  const typeCode = rules.typeMap?.get(rawType) ?? rawType;
  if (!TYPE_CODE.test(typeCode))
    return {
      line,
      reason: `type "${typeCode.slice(0, 40)}" is not a valid type code (map it with --type-map)`,
    };
  const category = m.category ? (record[m.category] ?? '').trim() || null : null;
  return { line, occurredAt, lon, lat, h3: latLngToCell(lat, lon, 9), typeCode, category };
}

/** Whether a read row was rejected. */
export function isRejected(row: ImportedIncident | RejectedRow): row is RejectedRow {
  return 'reason' in row;
}
