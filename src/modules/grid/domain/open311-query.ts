import { DEFAULT_TIME_ZONE, instantOfLocalMinute } from '../../../core/time/zoned-time.ts';
import {
  checkJurisdiction,
  type JurisdictionPolicy,
  listParam,
  type Open311ParamInput,
  type Open311Params,
  optionalParam,
  readOpen311Params,
} from './open311-params.ts';
import type { Open311Error, Open311Result } from './open311-types.ts';
import { parseW3cDateTime } from './w3c-datetime.ts';

const DAY_MS = 86_400_000;

/** Policy knobs for `GET requests`. */
export interface RequestsQueryOptions {
  now: Date;
  /** Zone for date-only `start_date`/`end_date` values; default Asia/Shanghai. */
  timeZone?: string;
  /** Longest allowed window; the spec says 90 days. */
  maxSpanDays?: number;
  /** Default and maximum rows per response; the spec's default volume is 1,000. */
  maxRows?: number;
  /** Upper bound on ids in one `service_request_id` list. */
  maxIds?: number;
  jurisdiction?: JurisdictionPolicy;
}

/** A validated `GET requests` query. */
export type RequestsQuery =
  | { kind: 'by_id'; jurisdictionId: string | null; ids: string[] }
  | {
      kind: 'search';
      jurisdictionId: string | null;
      /** Null = all service codes. */
      serviceCodes: string[] | null;
      /** Null = all statuses. */
      statuses: ('open' | 'closed')[] | null;
      /** Inclusive window on requested_datetime. */
      start: Date;
      end: Date;
      /** Pagination extension (`page`, `page_size`), 1-based. */
      page: number;
      pageSize: number;
    };

function dateBound(
  text: string,
  which: 'start' | 'end',
  timeZone: string,
): { ok: true; at: number } | { ok: false; error: Open311Error } {
  const name = `${which}_date`;
  const v = parseW3cDateTime(text);
  if (!v) {
    return {
      ok: false,
      error: {
        code: 400,
        description: `${name} must be a W3C date-time with a time zone, e.g. 2010-01-01T00:00:00Z`,
      },
    };
  }
  if (v.kind === 'instant') return { ok: true, at: v.at };
  // A bare date covers the whole day (month, year) in the jurisdiction's zone.
  return which === 'start'
    ? { ok: true, at: instantOfLocalMinute(v.startDay, 0, timeZone) }
    : { ok: true, at: instantOfLocalMinute(v.endDayExclusive, 0, timeZone) - 1 };
}

function positiveInt(params: Open311Params, name: string, errors: Open311Error[]): number | null {
  const raw = optionalParam(params, name);
  if (raw === null) return null;
  if (!/^\s*\d{1,9}\s*$/.test(raw) || Number(raw) < 1) {
    errors.push({ code: 400, description: `${name} must be a positive integer` });
    return null;
  }
  return Number(raw);
}

function dateWindow(
  params: Open311Params,
  opts: RequestsQueryOptions,
  errors: Open311Error[],
): { start: number; end: number } | null {
  const zone = opts.timeZone ?? DEFAULT_TIME_ZONE;
  const spanMs = (opts.maxSpanDays ?? 90) * DAY_MS;
  const rawStart = optionalParam(params, 'start_date');
  const rawEnd = optionalParam(params, 'end_date');
  const s = rawStart === null ? null : dateBound(rawStart, 'start', zone);
  const e = rawEnd === null ? null : dateBound(rawEnd, 'end', zone);
  if (s && !s.ok) errors.push(s.error);
  if (e && !e.ok) errors.push(e.error);
  if ((s && !s.ok) || (e && !e.ok)) return null;
  const now = +opts.now;
  const start = s ? s.at : e ? e.at - spanMs : now - spanMs;
  const end = e ? e.at : s ? s.at + spanMs : now;
  if (start > end) {
    errors.push({ code: 400, description: 'start_date must not be later than end_date' });
    return null;
  }
  if (end - start > spanMs) {
    errors.push({
      code: 400,
      description: `start_date and end_date may not span more than ${opts.maxSpanDays ?? 90} days`,
    });
    return null;
  }
  return { start, end };
}

/**
 * Validates `GET requests` parameters. `service_request_id` (comma list) overrides every other
 * filter; otherwise `service_code` and `status` are comma lists (also repeatable), the window
 * defaults to the last 90 days and may not exceed 90 days, and empty parameters count as absent.
 */
export function parseRequestsQuery(
  input: Open311ParamInput,
  opts: RequestsQueryOptions,
): Open311Result<RequestsQuery> {
  const params = readOpen311Params(input);
  const j = checkJurisdiction(params, opts.jurisdiction);
  if (!j.ok) return j;
  const ids = listParam(params, 'service_request_id');
  if (ids.length > 0) {
    const maxIds = opts.maxIds ?? opts.maxRows ?? 1000;
    if (ids.length > maxIds) {
      return {
        ok: false,
        failure: {
          httpStatus: 400,
          errors: [{ code: 400, description: `at most ${maxIds} service_request_id values` }],
        },
      };
    }
    return { ok: true, value: { kind: 'by_id', jurisdictionId: j.jurisdictionId, ids } };
  }
  const errors: Open311Error[] = [];
  const statuses = listParam(params, 'status').map((s) => s.toLowerCase());
  const badStatus = statuses.filter((s) => s !== 'open' && s !== 'closed');
  if (badStatus.length > 0) {
    errors.push({ code: 400, description: `status must be open or closed, got ${badStatus.join(', ')}` });
  }
  const codes = listParam(params, 'service_code');
  const win = dateWindow(params, opts, errors);
  const maxRows = opts.maxRows ?? 1000;
  const page = positiveInt(params, 'page', errors) ?? 1;
  const pageSize = positiveInt(params, 'page_size', errors) ?? maxRows;
  if (pageSize > maxRows) errors.push({ code: 400, description: `page_size may not exceed ${maxRows}` });
  if (errors.length > 0 || !win) return { ok: false, failure: { httpStatus: 400, errors } };
  return {
    ok: true,
    value: {
      kind: 'search',
      jurisdictionId: j.jurisdictionId,
      serviceCodes: codes.length > 0 ? codes : null,
      statuses: statuses.length > 0 ? [...new Set(statuses as ('open' | 'closed')[])] : null,
      start: new Date(win.start),
      end: new Date(win.end),
      page,
      pageSize,
    },
  };
}

/** Validates the jurisdiction of a GET without other parameters (services, definitions, tokens, one request). */
export function parseSimpleQuery(
  input: Open311ParamInput,
  jurisdiction?: JurisdictionPolicy,
): Open311Result<{ jurisdictionId: string | null }> {
  const j = checkJurisdiction(readOpen311Params(input), jurisdiction);
  return j.ok ? { ok: true, value: { jurisdictionId: j.jurisdictionId } } : j;
}
