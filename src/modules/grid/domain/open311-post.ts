import { checkAttributes } from './open311-definition.ts';
import {
  checkJurisdiction,
  type JurisdictionPolicy,
  type Open311ParamInput,
  type Open311Params,
  open311Failure,
  optionalParam,
  readOpen311Params,
} from './open311-params.ts';
import type {
  Open311Error,
  Open311PostResult,
  Open311Result,
  Open311Service,
  Open311ServiceDefinition,
} from './open311-types.ts';

/** Longest description GeoReport v2 allows, in characters. */
export const MAX_DESCRIPTION_CHARS = 4000;

/** A validated `POST requests` submission. */
export interface PostServiceRequestInput {
  jurisdictionId: string | null;
  service: Open311Service;
  location: { lat: number; long: number } | null;
  addressString: string | null;
  addressId: string | null;
  /** Attribute values by code (arrays for multivaluelist). */
  attributes: Record<string, string | string[]>;
  email: string | null;
  deviceId: string | null;
  accountId: string | null;
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
  description: string | null;
  mediaUrl: string | null;
}

/** What the validator needs to know about the server: keys, services, jurisdictions. */
export interface PostValidationContext {
  isValidApiKey(apiKey: string): boolean;
  findService(
    serviceCode: string,
  ): { service: Open311Service; definition: Open311ServiceDefinition | null } | null;
  jurisdiction?: JurisdictionPolicy;
}

const ATTRIBUTE_KEY = /^attribute\[([^\]]+)\](?:\[\])?$/;
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^[0-9+()\-.\s/#*xX]{3,40}$/;
const MARKUP = /<\/?[A-Za-z][^>]*>/;
const FIELD_MAX = 255;

function attributeSubmission(params: Open311Params): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [key, values] of params) {
    const m = ATTRIBUTE_KEY.exec(key);
    if (!m) continue;
    const code = m[1]!;
    out.set(code, [...(out.get(code) ?? []), ...values]);
  }
  return out;
}

function coordinate(text: string, name: 'lat' | 'long', errors: Open311Error[]): number | null {
  const t = text.trim();
  const v = Number(t);
  const limit = name === 'lat' ? 90 : 180;
  if (!DECIMAL.test(t) || !Number.isFinite(v) || Math.abs(v) > limit) {
    errors.push({
      code: 400,
      description: `${name} must be a WGS84 decimal degree between -${limit} and ${limit}`,
    });
    return null;
  }
  return v;
}

function location(params: Open311Params, errors: Open311Error[]) {
  const lat = optionalParam(params, 'lat');
  const long = optionalParam(params, 'long');
  const addressString = optionalParam(params, 'address_string')?.trim() ?? null;
  const addressId = optionalParam(params, 'address_id')?.trim() ?? null;
  let point: { lat: number; long: number } | null = null;
  if ((lat === null) !== (long === null)) {
    errors.push({ code: 400, description: 'lat and long must both be sent' });
  } else if (lat !== null && long !== null) {
    const a = coordinate(lat, 'lat', errors);
    const b = coordinate(long, 'long', errors);
    if (a !== null && b !== null) point = { lat: a, long: b };
  }
  if (lat === null && long === null && addressString === null && addressId === null) {
    errors.push({
      code: 400,
      description: 'a location is required: lat and long, address_string or address_id',
    });
  }
  return { point, addressString, addressId };
}

function text(
  params: Open311Params,
  name: string,
  errors: Open311Error[],
  check?: (v: string) => string | null,
) {
  const v = optionalParam(params, name)?.trim() ?? null;
  if (v === null) return null;
  if (v.length > FIELD_MAX) {
    errors.push({ code: 400, description: `${name} is longer than ${FIELD_MAX} characters` });
    return null;
  }
  const problem = check?.(v) ?? null;
  if (problem) errors.push({ code: 400, description: problem });
  return problem ? null : v;
}

function description(params: Open311Params, errors: Open311Error[]): string | null {
  const d = optionalParam(params, 'description');
  if (d === null) return null;
  if ([...d].length > MAX_DESCRIPTION_CHARS) {
    errors.push({ code: 400, description: `description is limited to ${MAX_DESCRIPTION_CHARS} characters` });
  } else if (MARKUP.test(d)) {
    errors.push({ code: 400, description: 'description must be plain text (no HTML or code)' });
  }
  return d;
}

function httpUrl(v: string): string | null {
  try {
    const u = new URL(v);
    return u.protocol === 'http:' || u.protocol === 'https:' ? null : 'media_url must be an http(s) URL';
  } catch {
    return 'media_url must be an absolute URL';
  }
}

/**
 * Validates `POST requests` form fields, in the order the spec's errors imply: missing or
 * invalid `api_key` -> 403; jurisdiction -> 400/404; missing `service_code` -> 400, unknown
 * -> 404; then every remaining problem (location, attributes, field formats) in one 400 list.
 */
export function parsePostServiceRequest(
  input: Open311ParamInput,
  ctx: PostValidationContext,
): Open311Result<PostServiceRequestInput> {
  const params = readOpen311Params(input);
  const apiKey = optionalParam(params, 'api_key');
  if (apiKey === null) return { ok: false, failure: open311Failure(403, 'api_key is missing') };
  if (!ctx.isValidApiKey(apiKey)) return { ok: false, failure: open311Failure(403, 'api_key is invalid') };
  const j = checkJurisdiction(params, ctx.jurisdiction);
  if (!j.ok) return j;
  const code = optionalParam(params, 'service_code')?.trim() ?? null;
  if (code === null) return { ok: false, failure: open311Failure(400, 'service_code was not provided') };
  const found = ctx.findService(code);
  if (!found) return { ok: false, failure: open311Failure(404, `service_code not found: ${code}`) };

  const errors: Open311Error[] = [];
  const where = location(params, errors);
  const attrs = checkAttributes(found.definition, attributeSubmission(params));
  if (!attrs.ok) errors.push(...attrs.errors);
  const value: PostServiceRequestInput = {
    jurisdictionId: j.jurisdictionId,
    service: found.service,
    location: where.point,
    addressString: where.addressString,
    addressId: where.addressId,
    attributes: attrs.ok ? attrs.values : {},
    email: text(params, 'email', errors, (v) => (EMAIL.test(v) ? null : 'email is not a valid address')),
    deviceId: text(params, 'device_id', errors),
    accountId: text(params, 'account_id', errors),
    firstName: text(params, 'first_name', errors),
    lastName: text(params, 'last_name', errors),
    phone: text(params, 'phone', errors, (v) => (PHONE.test(v) ? null : 'phone is not a valid phone number')),
    description: description(params, errors),
    mediaUrl: text(params, 'media_url', errors, httpUrl),
  };
  return errors.length > 0 ? { ok: false, failure: { httpStatus: 400, errors } } : { ok: true, value };
}

/**
 * The POST answer a service type calls for: realtime services return the request id, batch
 * services a token to trade later, blackbox services neither.
 */
export function postResultFor(
  type: Open311Service['type'],
  created: {
    serviceRequestId: string;
    token: string;
    serviceNotice?: string | null;
    accountId?: string | null;
  },
): Open311PostResult {
  const common = { service_notice: created.serviceNotice ?? null, account_id: created.accountId ?? null };
  switch (type) {
    case 'realtime':
      return { service_request_id: created.serviceRequestId, ...common };
    case 'batch':
      return { token: created.token, ...common };
    case 'blackbox':
      return { ...common };
  }
}
