import { isValidCivilDate, isValidTimeZone, zonedToInstant } from '../../../core/time/zoned-time.ts';
import { parseW3cDateTime } from './w3c-datetime.ts';

/** Which CSV column holds which field (header names, matched exactly). */
export interface CsvColumnMapping {
  externalId?: string;
  /** When the request was made (required). */
  openedAt: string;
  closedAt?: string;
  /** Due date, if the source has one. */
  targetAt?: string;
  lat: string;
  lon: string;
  /** Request type (required). */
  type: string;
  status?: string;
  description?: string;
  statusNotes?: string;
  address?: string;
  zipcode?: string;
  department?: string;
  /** Channel the request came in by. */
  source?: string;
}

/** Timestamp layouts found in 311 exports. */
export type CsvDateFormat =
  /** ISO 8601 / W3C; without an offset the time is local to `timeZone`. */
  | 'iso8601'
  /** `MM/DD/YYYY hh:mm[:ss] AM` (Boston, Chicago, NYC exports). */
  | 'mdy_12h'
  /** `MM/DD/YYYY HH:mm[:ss]`. */
  | 'mdy_24h'
  /** `DD/MM/YYYY HH:mm[:ss]`. */
  | 'dmy_24h';

/** A whole import recipe: columns, formats and validation rules. */
export interface CsvImportSpec {
  columns: CsvColumnMapping;
  dateFormat: CsvDateFormat;
  /** IANA zone of timestamps without an offset. */
  timeZone: string;
  /** Source status value (case-insensitive) -> open/closed; default open/closed/resolved. */
  statusMap?: Readonly<Record<string, 'open' | 'closed'>>;
  /** Coordinates that mean "no location" (e.g. a city-hall default), besides 0,0. */
  placeholderPoints?: readonly { lat: number; lon: number }[];
  /** Reject rows without a usable location (default: keep them with location null). */
  requireLocation?: boolean;
  /** Reject located rows outside this box. */
  bounds?: { minLat: number; minLon: number; maxLat: number; maxLon: number };
  /** Left-pad numeric postal codes to this many digits (and drop a spurious `.0`). */
  zipcodeDigits?: number;
}

/** A validated row, ready to become a service request. */
/** The Boston 311 export (2015 layout) as a ready-made mapping: `--map boston`. */
export const BOSTON_311_SPEC: CsvImportSpec = {
  columns: {
    externalId: 'CASE_ENQUIRY_ID',
    openedAt: 'OPEN_DT',
    closedAt: 'CLOSED_DT',
    targetAt: 'TARGET_DT',
    lat: 'LATITUDE',
    lon: 'LONGITUDE',
    type: 'TYPE',
    status: 'CASE_STATUS',
    description: 'CASE_TITLE',
    statusNotes: 'CLOSURE_REASON',
    address: 'Location',
    zipcode: 'LOCATION_ZIPCODE',
    department: 'Department',
    source: 'Source',
  },
  dateFormat: 'mdy_12h',
  timeZone: 'America/New_York',
  // City Hall: Boston's default point for "no real location".
  placeholderPoints: [{ lat: 42.3594, lon: -71.0587 }],
  zipcodeDigits: 5,
};

export interface ImportedRequest {
  externalId: string | null;
  type: string;
  status: 'open' | 'closed';
  requestedAt: Date;
  closedAt: Date | null;
  targetAt: Date | null;
  location: { lat: number; lon: number } | null;
  description: string | null;
  statusNotes: string | null;
  address: string | null;
  zipcode: string | null;
  department: string | null;
  source: string | null;
}

/** Why a row was refused. */
export type CsvRejectReason =
  | 'missing_value'
  | 'bad_date'
  | 'bad_coordinate'
  | 'out_of_bounds'
  | 'missing_location'
  | 'unknown_status'
  | 'closed_before_opened';

/** A refused row: the reason, the column at fault and a human-readable detail. */
export interface CsvRejection {
  reason: CsvRejectReason;
  column: string | null;
  detail: string;
}

/** Outcome of mapping one row. */
export type CsvRowResult = { ok: true; record: ImportedRequest } | { ok: false; rejection: CsvRejection };

const DEFAULT_STATUS: Readonly<Record<string, 'open' | 'closed'>> = {
  open: 'open',
  closed: 'closed',
  resolved: 'closed',
};

/** Problems with a spec against a file's header (missing columns, unknown zone); empty when usable. */
export function validateCsvSpec(spec: CsvImportSpec, header: readonly string[]): string[] {
  const problems: string[] = [];
  if (!isValidTimeZone(spec.timeZone)) problems.push(`unknown time zone ${spec.timeZone}`);
  const have = new Set(header);
  for (const [field, column] of Object.entries(spec.columns)) {
    if (column !== undefined && !have.has(column))
      problems.push(`column ${JSON.stringify(column)} (${field}) is missing`);
  }
  return problems;
}

const MDY = /^(\d{1,2})\/(\d{1,2})\/(\d{4})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(?:\s*([AaPp][Mm]))?$/;
const LOCAL_ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?(?:\.(\d+))?)?$/;

function localInstant(parts: number[], timeZone: string): number | null {
  const [year, month, day, hour, minute, second] = parts as [number, number, number, number, number, number];
  if (!isValidCivilDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return null;
  return zonedToInstant({ year, month, day, hour, minute, second }, timeZone);
}

/** Parses one timestamp in the given layout; null when malformed or impossible. */
export function parseCsvDate(text: string, format: CsvDateFormat, timeZone: string): Date | null {
  const t = text.trim();
  if (format === 'iso8601') {
    const w = parseW3cDateTime(t);
    if (w?.kind === 'instant') return new Date(w.at);
    const m = LOCAL_ISO.exec(t);
    if (!m) return null;
    const ms = localInstant(
      [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)),
      timeZone,
    );
    return ms === null ? null : new Date(ms + (m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0));
  }
  const m = MDY.exec(t);
  if (!m) return null;
  const [a, b, year, h, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as number[];
  const meridiem = m[7]?.toLowerCase();
  let hour = h!;
  if (format === 'mdy_12h') {
    if (!meridiem || hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (meridiem === 'pm' ? 12 : 0);
  } else if (meridiem) {
    return null;
  }
  const [month, day] = format === 'dmy_24h' ? [b!, a!] : [a!, b!];
  const ms = localInstant([year!, month, day, hour, minute!, second!], timeZone);
  return ms === null ? null : new Date(ms);
}

const reject = (reason: CsvRejectReason, column: string | null, detail: string): CsvRowResult => ({
  ok: false,
  rejection: { reason, column, detail },
});

function cell(row: Readonly<Record<string, string | undefined>>, column: string | undefined): string | null {
  if (column === undefined) return null;
  const v = row[column]?.trim();
  return v === undefined || v === '' ? null : v;
}

function normaliseZip(zip: string | null, digits: number | undefined): string | null {
  if (zip === null || digits === undefined) return zip;
  const m = /^(\d+)(?:\.0+)?$/.exec(zip);
  return m ? m[1]!.padStart(digits, '0') : zip;
}

type Located = { ok: true; location: ImportedRequest['location'] } | { ok: false; result: CsvRowResult };

function locate(row: Readonly<Record<string, string | undefined>>, spec: CsvImportSpec): Located {
  const { lat: latCol, lon: lonCol } = spec.columns;
  const rawLat = cell(row, latCol);
  const rawLon = cell(row, lonCol);
  let location: ImportedRequest['location'] = null;
  if (rawLat !== null || rawLon !== null) {
    const lat = Number(rawLat);
    const lon = Number(rawLon);
    if (rawLat === null || !Number.isFinite(lat) || Math.abs(lat) > 90) {
      return {
        ok: false,
        result: reject('bad_coordinate', latCol, `latitude ${JSON.stringify(rawLat)} is not in -90..90`),
      };
    }
    if (rawLon === null || !Number.isFinite(lon) || Math.abs(lon) > 180) {
      return {
        ok: false,
        result: reject('bad_coordinate', lonCol, `longitude ${JSON.stringify(rawLon)} is not in -180..180`),
      };
    }
    const placeholder =
      (lat === 0 && lon === 0) ||
      (spec.placeholderPoints ?? []).some(
        (p) => Math.abs(p.lat - lat) < 1e-9 && Math.abs(p.lon - lon) < 1e-9,
      );
    if (!placeholder) location = { lat, lon };
  }
  const b = spec.bounds;
  if (
    location &&
    b &&
    (location.lat < b.minLat || location.lat > b.maxLat || location.lon < b.minLon || location.lon > b.maxLon)
  ) {
    return {
      ok: false,
      result: reject('out_of_bounds', latCol, `${location.lat},${location.lon} is outside the area`),
    };
  }
  if (!location && spec.requireLocation) {
    return {
      ok: false,
      result: reject('missing_location', latCol, 'no usable location (blank or placeholder point)'),
    };
  }
  return { ok: true, location };
}

function date(
  row: Readonly<Record<string, string | undefined>>,
  column: string | undefined,
  spec: CsvImportSpec,
): { ok: true; at: Date | null } | { ok: false; result: CsvRowResult } {
  const raw = cell(row, column);
  if (raw === null) return { ok: true, at: null };
  const at = parseCsvDate(raw, spec.dateFormat, spec.timeZone);
  if (!at)
    return {
      ok: false,
      result: reject('bad_date', column!, `${JSON.stringify(raw)} is not a ${spec.dateFormat} date`),
    };
  return { ok: true, at };
}

/**
 * Maps one CSV row (header -> value) to a typed request, or says why it cannot: missing type or
 * opening time, unparseable dates, coordinates out of range or area, unknown status, closing
 * before opening. Placeholder points and 0,0 count as "no location". Without a status column a
 * row is closed exactly when it has a closing time.
 */
export function mapCsvRow(
  row: Readonly<Record<string, string | undefined>>,
  spec: CsvImportSpec,
): CsvRowResult {
  const c = spec.columns;
  const type = cell(row, c.type);
  if (type === null) return reject('missing_value', c.type, 'request type is blank');
  if (cell(row, c.openedAt) === null) return reject('missing_value', c.openedAt, 'opening time is blank');
  const opened = date(row, c.openedAt, spec);
  if (!opened.ok) return opened.result;
  const closed = date(row, c.closedAt, spec);
  if (!closed.ok) return closed.result;
  const target = date(row, c.targetAt, spec);
  if (!target.ok) return target.result;
  const requestedAt = opened.at!;
  if (closed.at && +closed.at < +requestedAt) {
    return reject('closed_before_opened', c.closedAt!, 'closing time is before opening time');
  }
  let status: 'open' | 'closed' = closed.at ? 'closed' : 'open';
  if (c.status !== undefined) {
    const raw = cell(row, c.status);
    const mapped = raw === null ? undefined : (spec.statusMap ?? DEFAULT_STATUS)[raw.toLowerCase()];
    if (!mapped) return reject('unknown_status', c.status, `status ${JSON.stringify(raw)} is not mapped`);
    status = mapped;
  }
  const where = locate(row, spec);
  if (!where.ok) return where.result;
  return {
    ok: true,
    record: {
      externalId: cell(row, c.externalId),
      type,
      status,
      requestedAt,
      closedAt: closed.at,
      targetAt: target.at,
      location: where.location,
      description: cell(row, c.description),
      statusNotes: cell(row, c.statusNotes),
      address: cell(row, c.address),
      zipcode: normaliseZip(cell(row, c.zipcode), spec.zipcodeDigits),
      department: cell(row, c.department),
      source: cell(row, c.source),
    },
  };
}

/** Counts of an import run: accepted, rejected, and rejections per reason. */
export interface CsvImportSummary {
  total: number;
  accepted: number;
  rejected: number;
  byReason: Partial<Record<CsvRejectReason, number>>;
}

/** Folds row results into a summary (use incrementally: `summary = addToSummary(summary, result)`). */
export function addToSummary(summary: CsvImportSummary, result: CsvRowResult): CsvImportSummary {
  if (result.ok) return { ...summary, total: summary.total + 1, accepted: summary.accepted + 1 };
  const r = result.rejection.reason;
  return {
    total: summary.total + 1,
    accepted: summary.accepted,
    rejected: summary.rejected + 1,
    byReason: { ...summary.byReason, [r]: (summary.byReason[r] ?? 0) + 1 },
  };
}

/** An empty summary to start folding from. */
export const EMPTY_IMPORT_SUMMARY: CsvImportSummary = { total: 0, accepted: 0, rejected: 0, byReason: {} };
