/** Wire formats of GeoReport v2 (`.xml` is mandatory, `.json` optional). */
export type Open311Format = 'xml' | 'json';

/** How a service answers a POST: with an id, with a token to trade later, or with neither. */
export type Open311ServiceType = 'realtime' | 'batch' | 'blackbox';

/** Attribute datatypes of a service definition. */
export type Open311Datatype =
  | 'string'
  | 'number'
  | 'datetime'
  | 'text'
  | 'singlevaluelist'
  | 'multivaluelist';

/** All attribute datatypes, in spec order. */
export const OPEN311_DATATYPES: readonly Open311Datatype[] = [
  'string',
  'number',
  'datetime',
  'text',
  'singlevaluelist',
  'multivaluelist',
];

/** One entry of `GET services`. */
export interface Open311Service {
  service_code: string;
  service_name: string;
  description: string | null;
  /** True when the service has a definition (extra attributes) to fetch. */
  metadata: boolean;
  type: Open311ServiceType;
  /** Tags; written as a comma-separated list. */
  keywords: readonly string[] | string | null;
  group: string | null;
}

/** An option of a single/multi value list attribute. */
export interface Open311AttributeValue {
  key: string;
  name: string;
}

/** One attribute of a service definition. */
export interface Open311Attribute {
  /** False: informational only, no user input. */
  variable: boolean;
  code: string;
  datatype: Open311Datatype;
  required: boolean;
  datatype_description: string | null;
  /** Positive, unique within the service. */
  order: number;
  description: string;
  /** Options; only meaningful (and only written) for list datatypes. */
  values?: readonly Open311AttributeValue[];
}

/** `GET services/{code}` body. */
export interface Open311ServiceDefinition {
  service_code: string;
  attributes: readonly Open311Attribute[];
}

/** A service request as GeoReport v2 shows it (`GET requests`, `GET requests/{id}`). */
export interface Open311Request {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string | null;
  service_name: string;
  service_code: string;
  description: string | null;
  agency_responsible: string | null;
  service_notice: string | null;
  requested_datetime: Date;
  /** Last change; for closed requests the closing time. */
  updated_datetime: Date | null;
  expected_datetime: Date | null;
  address: string | null;
  address_id: string | null;
  zipcode: string | null;
  lat: number | null;
  long: number | null;
  media_url: string | null;
}

/** Answer to `POST requests`: exactly one of id / token (or neither for blackbox services). */
export type Open311PostResult = (
  | { service_request_id: string; token?: undefined }
  | { token: string; service_request_id?: undefined }
  | { service_request_id?: undefined; token?: undefined }
) & {
  service_notice: string | null;
  account_id: string | null;
};

/** Answer to `GET tokens/{token}`. */
export interface Open311TokenResult {
  token: string;
  /** Null while the batch has not produced the request yet. */
  service_request_id: string | null;
}

/** One entry of an error list; `code` may be more specific than the HTTP status. */
export interface Open311Error {
  code: number | string;
  description: string;
}

/** A refusal: HTTP status plus the error list to send. */
export interface Open311Failure {
  httpStatus: 400 | 403 | 404;
  errors: Open311Error[];
}

/** Either a parsed value or a refusal. */
export type Open311Result<T> = { ok: true; value: T } | { ok: false; failure: Open311Failure };

/** One endpoint in service discovery. */
export interface Open311DiscoveryEndpoint {
  specification: string;
  url: string;
  changeset: string;
  type: 'production' | 'test';
  formats: readonly string[];
}

/** Service discovery document (`discovery.{xml,json}`). */
export interface Open311Discovery {
  changeset: string;
  contact: string;
  key_service: string;
  endpoints: readonly Open311DiscoveryEndpoint[];
}

/** Specification token of GeoReport v2 for discovery documents. */
export const GEOREPORT_V2_SPEC = 'http://wiki.open311.org/GeoReport_v2';

/** Content-Type headers GeoReport v2 prescribes. */
export const OPEN311_CONTENT_TYPES: Readonly<Record<Open311Format, string>> = {
  xml: 'text/xml; charset=utf-8',
  json: 'application/json; charset=utf-8',
};
