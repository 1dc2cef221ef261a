import { type Static, Type } from 'typebox';
import { Latitude, Longitude, Strict, Text, Uuid } from '../../core/http/schemas.ts';
import type { RequestEvent } from './domain/request-state.ts';
import { MAX_PHOTO_BYTES, type PhotoUpload } from './photos.ts';

/** Photos inside a JSON body: base64 data with the declared type (at most 3 per call). */
export const PhotosSchema = Type.Array(
  Strict({
    contentType: Text(40),
    data: Type.String({ minLength: 1, maxLength: Math.ceil((MAX_PHOTO_BYTES * 4) / 3) + 4 }),
  }),
  { maxItems: 3 },
);

/** Body limit of routes that carry base64 photos. */
export const PHOTO_JSON_LIMIT = 3 * Math.ceil((MAX_PHOTO_BYTES * 4) / 3) + 256 * 1024;

/** Decodes the base64 photos of a body. */
export function decodePhotos(list: Static<typeof PhotosSchema> | undefined): PhotoUpload[] {
  return (list ?? []).map((p) => ({
    contentType: p.contentType,
    bytes: new Uint8Array(Buffer.from(p.data, 'base64')),
  }));
}

/** Attribute values of a request form (code -> value or values). */
export const AttributesSchema = Type.Record(
  Type.String({ pattern: '^[A-Za-z0-9_.-]{1,64}$' }),
  Type.Union([Text(1000), Type.Array(Text(200), { maxItems: 50 })]),
);

/** Attribute values as the intake service wants them. */
export function attributeMap(a: Static<typeof AttributesSchema> | undefined): Map<string, string[]> {
  return new Map(Object.entries(a ?? {}).map(([k, v]) => [k, Array.isArray(v) ? v : [v]]));
}

/** Contact details a reporter may leave. */
export const ContactSchema = Strict({
  name: Type.Optional(Text(100)),
  email: Type.Optional(Type.String({ maxLength: 200, format: 'email' })),
  phone: Type.Optional(Type.String({ maxLength: 40, pattern: '^[0-9+()\\-.\\s/#*xX]{3,40}$' })),
});

/** A new request from the web form, the phone view or the service centre. */
export const NewRequestSchema = Strict({
  serviceCode: Text(64, 1),
  lat: Type.Optional(Latitude),
  lon: Type.Optional(Longitude),
  address: Type.Optional(Text(500)),
  jurisdictionCode: Type.Optional(Text(64)),
  description: Type.Optional(Text(4000)),
  attributes: Type.Optional(AttributesSchema),
  contact: Type.Optional(ContactSchema),
  private: Type.Optional(Type.Boolean()),
  photos: Type.Optional(PhotosSchema),
});

const EVENT_TYPES = [
  'accept',
  'start',
  'request_info',
  'reporter_replied',
  'add_co_handlers',
  'co_handler_done',
  'resolve',
  'close',
  'reopen',
  'send_back',
  'reroute',
  'mark_duplicate',
  'change_type',
  'withdraw',
] as const;

/** A state-machine action on a request. */
export const ActionSchema = Strict({
  action: Type.Union(EVENT_TYPES.map((e) => Type.Literal(e))),
  note: Type.Optional(Text(4000)),
  reason: Type.Optional(Text(2000)),
  reply: Type.Optional(Text(4000)),
  departmentId: Type.Optional(Text(64)),
  departmentIds: Type.Optional(Type.Array(Text(64), { maxItems: 10 })),
  of: Type.Optional(Text(64)),
  serviceCode: Type.Optional(Text(64)),
  photos: Type.Optional(PhotosSchema),
});

/** The domain event of an action body (blank required fields are refused by the state machine). */
export function toEvent(b: Static<typeof ActionSchema>): RequestEvent {
  switch (b.action) {
    case 'accept':
    case 'start':
      return { type: b.action };
    case 'request_info':
      return { type: 'request_info', note: b.note ?? '' };
    case 'reporter_replied':
      return { type: 'reporter_replied', note: b.note };
    case 'add_co_handlers':
      return { type: 'add_co_handlers', departmentIds: b.departmentIds ?? [] };
    case 'co_handler_done':
      return { type: 'co_handler_done', departmentId: b.departmentId ?? '', note: b.note ?? '' };
    case 'resolve':
      return { type: 'resolve', reply: b.reply ?? b.note ?? '' };
    case 'close':
      return { type: 'close', note: b.note };
    case 'reopen':
      return { type: 'reopen', reason: b.reason ?? '' };
    case 'send_back':
      return { type: 'send_back', reason: b.reason ?? '' };
    case 'reroute':
      return { type: 'reroute', departmentId: b.departmentId ?? '' };
    case 'mark_duplicate':
      return { type: 'mark_duplicate', of: b.of ?? '', note: b.note };
    case 'change_type':
      return { type: 'change_type', serviceCode: b.serviceCode ?? '' };
    case 'withdraw':
      return { type: 'withdraw', reason: b.reason };
    default:
      throw new TypeError(`unknown action ${String(b.action)}`);
  }
}

/** `:id` of a request: its UUID or its public id. */
export const RequestIdParams = Strict({
  id: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9-]+$' }),
});

/** `:token` of a follow-up link. */
export const TokenParams = Strict({ token: Type.String({ minLength: 1, maxLength: 100 }) });

export { Uuid };
