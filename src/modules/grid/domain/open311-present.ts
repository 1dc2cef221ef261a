import { DEFAULT_TIME_ZONE, formatW3cDateTime } from '../../../core/time/zoned-time.ts';
import {
  OPEN311_CONTENT_TYPES,
  type Open311Attribute,
  type Open311Discovery,
  type Open311Error,
  type Open311Format,
  type Open311PostResult,
  type Open311Request,
  type Open311Service,
  type Open311ServiceDefinition,
  type Open311TokenResult,
} from './open311-types.ts';
import { el, parent, renderXmlDocument, type XmlNode } from './xml-writer.ts';

/** A serialised response body with its Content-Type. */
export interface Open311Body {
  contentType: string;
  body: string;
}

type Scalar = string | number | boolean | null;
interface Row {
  [key: string]: Scalar | readonly Scalar[] | readonly Row[] | Row;
}

/** Decimal text for coordinates without exponent notation (1e-7 is not valid xs:decimal). */
export function formatDecimal(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`not a finite number: ${n}`);
  const s = String(n);
  if (!/e/i.test(s)) return s;
  return n.toFixed(12).replace(/\.?0+$/, '');
}

const keywordsText = (k: Open311Service['keywords']): string | null =>
  k === null ? null : typeof k === 'string' ? k : k.length === 0 ? null : k.join(', ');

const isList = (a: Open311Attribute) => a.datatype === 'singlevaluelist' || a.datatype === 'multivaluelist';

// --- JSON objects (plain arrays of items, as in the spec's JSON examples; codes as strings)

/** JSON items of `GET services`, in spec field order. */
export function servicesJson(services: readonly Open311Service[]): Row[] {
  return services.map((s) => ({
    service_code: s.service_code,
    service_name: s.service_name,
    description: s.description,
    metadata: s.metadata,
    type: s.type,
    keywords: keywordsText(s.keywords),
    group: s.group,
  }));
}

/** Attributes sorted by `order` (the spec says 1 is shown first). */
function sortedAttributes(def: Open311ServiceDefinition): Open311Attribute[] {
  return [...def.attributes].sort((a, b) => a.order - b.order);
}

/** JSON object of `GET services/{code}`. */
export function serviceDefinitionJson(def: Open311ServiceDefinition): Row {
  return {
    service_code: def.service_code,
    attributes: sortedAttributes(def).map((a) => {
      const row: Row = {
        variable: a.variable,
        code: a.code,
        datatype: a.datatype,
        required: a.required,
        datatype_description: a.datatype_description,
        order: a.order,
        description: a.description,
      };
      if (isList(a)) row.values = (a.values ?? []).map((v) => ({ key: v.key, name: v.name }));
      return row;
    }),
  };
}

/** JSON items of `GET requests` / `GET requests/{id}`; datetimes written in `timeZone`. */
export function serviceRequestsJson(
  requests: readonly Open311Request[],
  timeZone = DEFAULT_TIME_ZONE,
): Row[] {
  const dt = (d: Date | null) => (d === null ? null : formatW3cDateTime(d, timeZone));
  return requests.map((r) => ({
    service_request_id: r.service_request_id,
    status: r.status,
    status_notes: r.status_notes,
    service_name: r.service_name,
    service_code: r.service_code,
    description: r.description,
    agency_responsible: r.agency_responsible,
    service_notice: r.service_notice,
    requested_datetime: formatW3cDateTime(r.requested_datetime, timeZone),
    updated_datetime: dt(r.updated_datetime),
    expected_datetime: dt(r.expected_datetime),
    address: r.address,
    address_id: r.address_id,
    zipcode: r.zipcode,
    lat: r.lat,
    long: r.long,
    media_url: r.media_url,
  }));
}

/** JSON items of a `POST requests` answer: id or token, never both. */
export function postResultsJson(results: readonly Open311PostResult[]): Row[] {
  return results.map((r) => {
    if (r.service_request_id !== undefined && r.token !== undefined) {
      throw new RangeError('a POST result carries either service_request_id or token, not both');
    }
    const row: Row = {};
    if (r.service_request_id !== undefined) row.service_request_id = r.service_request_id;
    if (r.token !== undefined) row.token = r.token;
    row.service_notice = r.service_notice;
    row.account_id = r.account_id;
    return row;
  });
}

/** JSON items of `GET tokens/{token}`. */
export function tokenResultsJson(results: readonly Open311TokenResult[]): Row[] {
  return results.map((r) => ({ service_request_id: r.service_request_id, token: r.token }));
}

/** JSON error list. */
export function errorsJson(errors: readonly Open311Error[]): Row[] {
  return errors.map((e) => ({ code: e.code, description: e.description }));
}

/** JSON discovery document (Spark convention: `endpoints` and `formats` become arrays). */
export function discoveryJson(d: Open311Discovery): Row {
  return {
    changeset: d.changeset,
    contact: d.contact,
    key_service: d.key_service,
    endpoints: d.endpoints.map((e) => ({
      specification: e.specification,
      url: e.url,
      changeset: e.changeset,
      type: e.type,
      formats: [...e.formats],
    })),
  };
}

// --- XML: the same items as elements, with root/item names from the spec

function scalarText(v: Scalar): string | null {
  if (v === null) return null;
  if (typeof v === 'number') return formatDecimal(v);
  return String(v);
}

/** Row -> child elements in key order; nested arrays become a container of `itemName` elements. */
function rowNodes(row: Row, itemNames: Record<string, string>): XmlNode[] {
  return Object.entries(row).map(([key, value]) => {
    if (Array.isArray(value)) {
      const item = itemNames[key] ?? key;
      return parent(
        key,
        value.map((v: Scalar | Row) =>
          v !== null && typeof v === 'object'
            ? parent(item, rowNodes(v, itemNames))
            : el(item, scalarText(v)),
        ),
      );
    }
    if (value !== null && typeof value === 'object') return parent(key, rowNodes(value as Row, itemNames));
    return el(key, scalarText(value as Scalar));
  });
}

const ITEM_NAMES = { attributes: 'attribute', values: 'value', endpoints: 'endpoint', formats: 'format' };

function listDocument(root: string, item: string, rows: readonly Row[]): string {
  return renderXmlDocument(
    parent(
      root,
      rows.map((r) => parent(item, rowNodes(r, ITEM_NAMES))),
    ),
  );
}

function objectDocument(root: string, row: Row): string {
  return renderXmlDocument(parent(root, rowNodes(row, ITEM_NAMES)));
}

function body(format: Open311Format, xml: () => string, json: () => unknown): Open311Body {
  return {
    contentType: OPEN311_CONTENT_TYPES[format],
    body: format === 'xml' ? xml() : JSON.stringify(json()),
  };
}

/** `GET services.{fmt}` body. */
export function renderServices(services: readonly Open311Service[], format: Open311Format): Open311Body {
  const rows = servicesJson(services);
  return body(
    format,
    () => listDocument('services', 'service', rows),
    () => rows,
  );
}

/** `GET services/{code}.{fmt}` body (attributes wrapped in `<attributes>` as the spec shows). */
export function renderServiceDefinition(def: Open311ServiceDefinition, format: Open311Format): Open311Body {
  const row = serviceDefinitionJson(def);
  return body(
    format,
    () => objectDocument('service_definition', row),
    () => row,
  );
}

/** `GET requests.{fmt}` / `GET requests/{id}.{fmt}` body. */
export function renderServiceRequests(
  requests: readonly Open311Request[],
  format: Open311Format,
  timeZone = DEFAULT_TIME_ZONE,
): Open311Body {
  const rows = serviceRequestsJson(requests, timeZone);
  return body(
    format,
    () => listDocument('service_requests', 'request', rows),
    () => rows,
  );
}

/** `POST requests.{fmt}` body. */
export function renderPostResults(results: readonly Open311PostResult[], format: Open311Format): Open311Body {
  const rows = postResultsJson(results);
  return body(
    format,
    () => listDocument('service_requests', 'request', rows),
    () => rows,
  );
}

/** `GET tokens/{token}.{fmt}` body. */
export function renderTokenResults(
  results: readonly Open311TokenResult[],
  format: Open311Format,
): Open311Body {
  const rows = tokenResultsJson(results);
  return body(
    format,
    () => listDocument('service_requests', 'request', rows),
    () => rows,
  );
}

/** Error list body (send with the failure's HTTP status). */
export function renderErrors(errors: readonly Open311Error[], format: Open311Format): Open311Body {
  const rows = errorsJson(errors);
  return body(
    format,
    () => listDocument('errors', 'error', rows),
    () => rows,
  );
}

/** `discovery.{fmt}` body. */
export function renderDiscovery(d: Open311Discovery, format: Open311Format): Open311Body {
  const row = discoveryJson(d);
  return body(
    format,
    () => objectDocument('discovery', row),
    () => row,
  );
}
