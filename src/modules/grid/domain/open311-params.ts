import type { Open311Error, Open311Failure, Open311Format } from './open311-types.ts';

/**
 * Query or form parameters in any shape a web layer may hand over: a raw urlencoded string,
 * URLSearchParams, [name, value] pairs, or an object (flat, or nested the way `qs` parses
 * `attribute[code][]=v`).
 */
export type Open311ParamInput =
  | string
  | URLSearchParams
  | Open311Params
  | Iterable<readonly [string, string]>
  | Readonly<Record<string, unknown>>;

/** Parameters as name -> all values in order (what readOpen311Params returns). */
export type Open311Params = ReadonlyMap<string, readonly string[]>;

function flatten(prefix: string, value: unknown, out: [string, string][]): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    for (const v of value) flatten(prefix, v, out);
  } else if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) flatten(`${prefix}[${k}]`, v, out);
  } else {
    out.push([prefix, String(value)]);
  }
}

function pairsOf(input: Open311ParamInput): Iterable<readonly [string, string]> {
  if (typeof input === 'string') return new URLSearchParams(input.startsWith('?') ? input.slice(1) : input);
  if (input instanceof URLSearchParams) return input;
  if (Symbol.iterator in input) return input as Iterable<readonly [string, string]>;
  const out: [string, string][] = [];
  for (const [k, v] of Object.entries(input)) flatten(k, v, out);
  return out;
}

/** Normalises any parameter input to name -> values. */
export function readOpen311Params(input: Open311ParamInput): Open311Params {
  if (input instanceof Map) return new Map([...(input as Open311Params)].map(([k, v]) => [k, [...v]]));
  const map = new Map<string, string[]>();
  for (const [k, v] of pairsOf(input)) {
    const list = map.get(k);
    if (list) list.push(v);
    else map.set(k, [v]);
  }
  return map;
}

/**
 * First non-blank value of a parameter, or null. GeoReport v2: an empty optional parameter
 * must behave exactly like an absent one.
 */
export function optionalParam(params: Open311Params, name: string): string | null {
  for (const v of params.get(name) ?? []) if (v.trim() !== '') return v;
  return null;
}

/** All values of a parameter, split on commas, trimmed, blanks dropped, de-duplicated. */
export function listParam(params: Open311Params, name: string): string[] {
  const out: string[] = [];
  for (const v of params.get(name) ?? []) {
    for (const part of v.split(',')) {
      const t = part.trim();
      if (t !== '' && !out.includes(t)) out.push(t);
    }
  }
  return out;
}

/** Builds a failure with one error whose body code equals the HTTP status. */
export function open311Failure(
  httpStatus: Open311Failure['httpStatus'],
  ...descriptions: string[]
): Open311Failure {
  return { httpStatus, errors: descriptions.map((description) => ({ code: httpStatus, description })) };
}

/** Merges several 400 problems into one failure (the error list may hold several entries). */
export function badRequest(errors: readonly Open311Error[]): Open311Failure {
  return { httpStatus: 400, errors: [...errors] };
}

/** Jurisdictions an endpoint serves; omit entirely for a single-jurisdiction server. */
export interface JurisdictionPolicy {
  ids: readonly string[];
  /** True when the endpoint serves several jurisdictions, making `jurisdiction_id` mandatory. */
  required: boolean;
}

/** Checks `jurisdiction_id`: 400 when required and missing, 404 when unknown. */
export function checkJurisdiction(
  params: Open311Params,
  policy: JurisdictionPolicy | undefined,
): { ok: true; jurisdictionId: string | null } | { ok: false; failure: Open311Failure } {
  const id = optionalParam(params, 'jurisdiction_id')?.trim() ?? null;
  if (!policy) return { ok: true, jurisdictionId: id };
  if (id === null) {
    return policy.required
      ? { ok: false, failure: open311Failure(400, 'jurisdiction_id was not provided') }
      : { ok: true, jurisdictionId: null };
  }
  if (!policy.ids.includes(id)) {
    return { ok: false, failure: open311Failure(404, `jurisdiction_id not found: ${id}`) };
  }
  return { ok: true, jurisdictionId: id };
}

/** Which GeoReport v2 resource a path names. */
export type Open311Route =
  | { resource: 'discovery'; format: Open311Format }
  | { resource: 'services'; format: Open311Format }
  | { resource: 'service_definition'; serviceCode: string; format: Open311Format }
  | { resource: 'requests'; format: Open311Format }
  | { resource: 'request'; serviceRequestId: string; format: Open311Format }
  | { resource: 'token'; token: string; format: Open311Format };

function splitFormat(segment: string): { name: string; format: Open311Format } | 'bad_format' {
  const dot = segment.lastIndexOf('.');
  if (dot < 0) return { name: segment, format: 'xml' };
  const ext = segment.slice(dot + 1).toLowerCase();
  if (ext !== 'xml' && ext !== 'json') return 'bad_format';
  return { name: segment.slice(0, dot), format: ext };
}

/**
 * Resolves a path relative to the endpoint base (`services.xml`, `services/001.json`,
 * `requests/123.xml`, `tokens/abc.json`, `discovery.json`). The format suffix selects XML or
 * JSON; a missing suffix means XML, the mandatory format. 400 for other suffixes or bad
 * percent-encoding, 404 for unknown resources.
 */
export function parseOpen311Path(
  path: string,
): { ok: true; route: Open311Route } | { ok: false; failure: Open311Failure } {
  let segments: string[];
  try {
    segments = path
      .replace(/^\/+|\/+$/g, '')
      .split('/')
      .map(decodeURIComponent);
  } catch {
    return { ok: false, failure: open311Failure(400, 'malformed percent-encoding in URL') };
  }
  const last = splitFormat(segments[segments.length - 1] ?? '');
  if (last === 'bad_format')
    return { ok: false, failure: open311Failure(400, 'format must be .xml or .json') };
  const { name, format } = last;
  const notFound = { ok: false as const, failure: open311Failure(404, `no such resource: ${path}`) };
  if (segments.length === 1) {
    if (name === 'services' || name === 'requests' || name === 'discovery') {
      return { ok: true, route: { resource: name, format } };
    }
    return notFound;
  }
  if (segments.length !== 2 || name.trim() === '') return notFound;
  switch (segments[0]) {
    case 'services':
      return { ok: true, route: { resource: 'service_definition', serviceCode: name, format } };
    case 'requests':
      return { ok: true, route: { resource: 'request', serviceRequestId: name, format } };
    case 'tokens':
      return { ok: true, route: { resource: 'token', token: name, format } };
    default:
      return notFound;
  }
}
