// Typed model of an OASIS CAP 1.2 alert message (the element names of the standard).

/** CAP 1.2 namespace; older namespaces are recognised only to report the version. */
export const CAP_NAMESPACES = {
  '1.2': 'urn:oasis:names:tc:emergency:cap:1.2',
  '1.1': 'urn:oasis:names:tc:emergency:cap:1.1',
  '1.0': 'http://www.incident.com/cap/1.0',
} as const;

/** A CAP version this module recognises. */
export type CapVersion = keyof typeof CAP_NAMESPACES;

export const CAP_STATUS = ['Actual', 'Exercise', 'System', 'Test', 'Draft'] as const;
export const CAP_MSG_TYPE = ['Alert', 'Update', 'Cancel', 'Ack', 'Error'] as const;
export const CAP_SCOPE = ['Public', 'Restricted', 'Private'] as const;
export const CAP_CATEGORY = [
  'Geo',
  'Met',
  'Safety',
  'Security',
  'Rescue',
  'Fire',
  'Health',
  'Env',
  'Transport',
  'Infra',
  'CBRNE',
  'Other',
] as const;
export const CAP_RESPONSE_TYPE = [
  'Shelter',
  'Evacuate',
  'Prepare',
  'Execute',
  'Avoid',
  'Monitor',
  'Assess',
  'AllClear',
  'None',
] as const;
export const CAP_URGENCY = ['Immediate', 'Expected', 'Future', 'Past', 'Unknown'] as const;
export const CAP_SEVERITY = ['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'] as const;
export const CAP_CERTAINTY = ['Observed', 'Likely', 'Possible', 'Unlikely', 'Unknown'] as const;

/** `<status>` code. */
export type CapStatus = (typeof CAP_STATUS)[number];
/** `<msgType>` code. */
export type CapMsgType = (typeof CAP_MSG_TYPE)[number];
/** `<scope>` code. */
export type CapScope = (typeof CAP_SCOPE)[number];
/** `<category>` code. */
export type CapCategory = (typeof CAP_CATEGORY)[number];
/** `<responseType>` code. */
export type CapResponseType = (typeof CAP_RESPONSE_TYPE)[number];
/** `<urgency>` code. */
export type CapUrgency = (typeof CAP_URGENCY)[number];
/** `<severity>` code. */
export type CapSeverity = (typeof CAP_SEVERITY)[number];
/** `<certainty>` code. */
export type CapCertainty = (typeof CAP_CERTAINTY)[number];

/** A valueName/value pair (`eventCode`, `parameter`, `geocode`). */
export interface CapValuePair {
  valueName: string;
  value: string;
}

/** One entry of `<references>`: the sender, identifier and sent time of an earlier message. */
export interface CapReference {
  sender: string;
  identifier: string;
  sent: string;
}

/** A closed ring of [lat, lon] points (WGS84), first point repeated last, ≥ 4 points. */
export type CapPolygon = Array<[number, number]>;

/** `<circle>`: centre and radius in kilometres. */
export interface CapCircle {
  lat: number;
  lon: number;
  radiusKm: number;
}

/** `<area>` of an info block. */
export interface CapArea {
  areaDesc: string;
  polygons: CapPolygon[];
  circles: CapCircle[];
  geocodes: CapValuePair[];
  /** Feet above mean sea level (WGS 84 datum), as CAP specifies. */
  altitude?: number;
  ceiling?: number;
}

/** `<resource>` of an info block. */
export interface CapResource {
  resourceDesc: string;
  mimeType: string;
  size?: number;
  uri?: string;
  derefUri?: string;
  digest?: string;
}

/** `<info>` block: one language / audience of the alert. */
export interface CapInfo {
  language?: string;
  categories: CapCategory[];
  event: string;
  responseTypes: CapResponseType[];
  urgency: CapUrgency;
  severity: CapSeverity;
  certainty: CapCertainty;
  audience?: string;
  eventCodes: CapValuePair[];
  /** CAP date-times: 'YYYY-MM-DDThh:mm:ss±hh:mm'. */
  effective?: string;
  onset?: string;
  expires?: string;
  senderName?: string;
  headline?: string;
  description?: string;
  instruction?: string;
  web?: string;
  contact?: string;
  parameters: CapValuePair[];
  resources: CapResource[];
  areas: CapArea[];
}

/** `<alert>`: the message. */
export interface CapAlert {
  identifier: string;
  sender: string;
  sent: string;
  status: CapStatus;
  msgType: CapMsgType;
  source?: string;
  scope: CapScope;
  restriction?: string;
  /** Space-separated list; entries with spaces in double quotes. */
  addresses?: string;
  codes: string[];
  note?: string;
  references: CapReference[];
  incidents?: string;
  infos: CapInfo[];
}

const CAP_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})([-+])(\d{2}):(\d{2})$/;

/** True for a CAP date-time: seconds precision, explicit offset, no 'Z', no fraction. */
export function isCapDateTime(text: string): boolean {
  const m = CAP_DATE_TIME.exec(text);
  if (!m) return false;
  const [mo, d, h, mi, s, oh, om] = [m[2], m[3], m[4], m[5], m[6], m[8], m[9]].map(Number) as number[];
  return (
    mo! >= 1 && mo! <= 12 && d! >= 1 && d! <= 31 && h! < 24 && mi! < 60 && s! < 60 && oh! < 24 && om! < 60
  );
}

/** Formats an instant as a CAP date-time in the given UTC offset (minutes east of UTC). */
export function formatCapDateTime(instant: Date, offsetMinutes = 0): string {
  if (Number.isNaN(instant.getTime())) throw new Error('invalid date');
  if (!Number.isInteger(offsetMinutes) || Math.abs(offsetMinutes) >= 24 * 60)
    throw new Error('invalid offset');
  const local = new Date(Math.floor(instant.getTime() / 1000) * 1000 + offsetMinutes * 60_000);
  const year = local.getUTCFullYear();
  if (year < 0 || year > 9999) throw new Error('year outside 0000–9999');
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${local.toISOString().slice(0, 19)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** The instant of a CAP date-time (also accepts 'Z' and fractions, as found in the wild). */
export function parseCapDateTime(text: string): Date {
  const d = new Date(text.trim());
  if (Number.isNaN(d.getTime()) || !/[Tt].*([Zz]|[-+]\d{2}:?\d{2})$/.test(text.trim())) {
    throw new Error(`not a date-time with offset: ${text}`);
  }
  return d;
}
