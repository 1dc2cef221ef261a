import { parseCapReferences } from './cap-builder.ts';
import { parseCapCircle, parseCapPolygon } from './cap-geometry.ts';
import {
  CAP_CATEGORY,
  CAP_CERTAINTY,
  CAP_MSG_TYPE,
  CAP_NAMESPACES,
  CAP_RESPONSE_TYPE,
  CAP_SCOPE,
  CAP_SEVERITY,
  CAP_STATUS,
  CAP_URGENCY,
  type CapAlert,
  type CapArea,
  type CapInfo,
  type CapResource,
  type CapValuePair,
  type CapVersion,
  isCapDateTime,
} from './cap-model.ts';
import { decodeXmlBytes, parseXmlTree, type XmlElement } from './xml.ts';

/** Thrown when a document is not a CAP message (unknown namespace, no alert, strict problems). */
export class CapParseError extends Error {
  override name = 'CapParseError';
}

/** One alert read from a document, with what was wrong with it (empty when schema-clean). */
export interface ParsedCapAlert {
  alert: CapAlert;
  version: CapVersion;
  /** Carries an XML-DSig `<Signature>` (presence only; not verified here). */
  signed: boolean;
  problems: string[];
}

/** A CAP document: a bare alert, an EDXL-DE envelope or a container of alerts. */
export interface CapDocument {
  wrapper: 'none' | 'edxl-de' | 'container';
  alerts: ParsedCapAlert[];
}

/** Parser limits. */
export interface CapParseOptions {
  /** Largest accepted document in bytes/characters. Default 5 MB. */
  maxBytes?: number;
}

const DSIG = 'http://www.w3.org/2000/09/xmldsig#';
const VERSION_OF = new Map<string, CapVersion>(
  Object.entries(CAP_NAMESPACES).map(([v, ns]) => [ns, v as CapVersion]),
);

// Child order of each CAP element ('*' = may repeat), from the CAP 1.2 schema.
const SEQUENCE: Record<string, string[]> = {
  alert:
    'identifier sender sent status msgType source scope restriction addresses code* note references incidents info*'.split(
      ' ',
    ),
  info: 'language category* event responseType* urgency severity certainty audience eventCode* effective onset expires senderName headline description instruction web contact parameter* resource* area*'.split(
    ' ',
  ),
  resource: 'resourceDesc mimeType size uri derefUri digest'.split(' '),
  area: 'areaDesc polygon* circle* geocode* altitude ceiling'.split(' '),
  pair: ['valueName', 'value'],
};
const REQUIRED: Record<string, string[]> = {
  alert: ['identifier', 'sender', 'sent', 'status', 'msgType', 'scope'],
  info: ['category', 'event', 'urgency', 'severity', 'certainty'],
  resource: ['resourceDesc', 'mimeType'],
  area: ['areaDesc'],
  pair: ['valueName', 'value'],
};

/** Reports unknown, misplaced, repeated and missing children of a CAP element. */
function checkChildren(el: XmlElement, kind: string, path: string, problems: string[]): void {
  const seq = SEQUENCE[kind]!.map((s) => s.replace('*', ''));
  let last = -1;
  const seen = new Set<string>();
  for (const child of el.children) {
    if (kind === 'alert' && child.ns === DSIG) continue;
    const at = seq.indexOf(child.local);
    if (at < 0 || child.ns !== el.ns) {
      problems.push(`${path}: unexpected element <${child.name}>`);
      continue;
    }
    if (at < last) problems.push(`${path}: <${child.local}> is out of order`);
    if (seen.has(child.local) && !SEQUENCE[kind]![at]!.endsWith('*'))
      problems.push(`${path}: <${child.local}> repeated`);
    seen.add(child.local);
    last = Math.max(last, at);
  }
  for (const r of REQUIRED[kind]!) if (!seen.has(r)) problems.push(`${path}: <${r}> is missing`);
}

function kids(el: XmlElement, local: string): XmlElement[] {
  return el.children.filter((c) => c.local === local && c.ns === el.ns);
}

function text(el: XmlElement, local: string): string | undefined {
  const c = kids(el, local)[0];
  return c === undefined ? undefined : c.text.trim();
}

function texts(el: XmlElement, local: string): string[] {
  return kids(el, local).map((c) => c.text.trim());
}

function coded<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  path: string,
  problems: string[],
): T {
  if (value !== undefined && !allowed.includes(value as T))
    problems.push(`${path}: "${value}" is not a CAP code`);
  return (value ?? '') as T;
}

function dateOf(value: string | undefined, path: string, problems: string[]): string | undefined {
  if (value !== undefined && !isCapDateTime(value))
    problems.push(`${path}: "${value}" is not a CAP date-time`);
  return value;
}

function pairs(el: XmlElement, local: string, path: string, problems: string[]): CapValuePair[] {
  return kids(el, local).map((p, i) => {
    checkChildren(p, 'pair', `${path}.${local}[${i}]`, problems);
    return { valueName: text(p, 'valueName') ?? '', value: text(p, 'value') ?? '' };
  });
}

/** Optional fields are only set when present, so parsed and built models compare equal. */
function optional<T extends object>(obj: T): T {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as T;
}

function numberOf(value: string | undefined, path: string, problems: string[]): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value === '' || !Number.isFinite(n)) problems.push(`${path}: "${value}" is not a number`);
  return Number.isFinite(n) ? n : undefined;
}

function readArea(el: XmlElement, path: string, problems: string[]): CapArea {
  checkChildren(el, 'area', path, problems);
  const geometry = <T>(local: string, parse: (t: string) => T): T[] =>
    texts(el, local).flatMap((t, i) => {
      // Empty <polygon/> elements occur in real feeds (NWS); they are schema-valid and carry nothing.
      if (t === '') return [];
      try {
        return [parse(t)];
      } catch (e) {
        problems.push(`${path}.${local}[${i}]: ${(e as Error).message}`);
        return [];
      }
    });
  return optional({
    areaDesc: text(el, 'areaDesc') ?? '',
    polygons: geometry('polygon', parseCapPolygon),
    circles: geometry('circle', parseCapCircle),
    geocodes: pairs(el, 'geocode', path, problems),
    altitude: numberOf(text(el, 'altitude'), `${path}.altitude`, problems),
    ceiling: numberOf(text(el, 'ceiling'), `${path}.ceiling`, problems),
  });
}

function readResource(el: XmlElement, path: string, problems: string[]): CapResource {
  checkChildren(el, 'resource', path, problems);
  const size = text(el, 'size');
  return optional({
    resourceDesc: text(el, 'resourceDesc') ?? '',
    mimeType: text(el, 'mimeType') ?? '',
    size: size === undefined ? undefined : numberOf(size, `${path}.size`, problems),
    uri: text(el, 'uri'),
    derefUri: text(el, 'derefUri'),
    digest: text(el, 'digest'),
  });
}

function readInfo(el: XmlElement, path: string, problems: string[]): CapInfo {
  checkChildren(el, 'info', path, problems);
  const t = (k: string) => text(el, k);
  return optional({
    language: t('language'),
    categories: texts(el, 'category').map((c) => coded(c, CAP_CATEGORY, `${path}.category`, problems)),
    event: t('event') ?? '',
    responseTypes: texts(el, 'responseType').map((c) =>
      coded(c, CAP_RESPONSE_TYPE, `${path}.responseType`, problems),
    ),
    urgency: coded(t('urgency'), CAP_URGENCY, `${path}.urgency`, problems),
    severity: coded(t('severity'), CAP_SEVERITY, `${path}.severity`, problems),
    certainty: coded(t('certainty'), CAP_CERTAINTY, `${path}.certainty`, problems),
    audience: t('audience'),
    eventCodes: pairs(el, 'eventCode', path, problems),
    effective: dateOf(t('effective'), `${path}.effective`, problems),
    onset: dateOf(t('onset'), `${path}.onset`, problems),
    expires: dateOf(t('expires'), `${path}.expires`, problems),
    senderName: t('senderName'),
    headline: t('headline'),
    description: t('description'),
    instruction: t('instruction'),
    web: t('web'),
    contact: t('contact'),
    parameters: pairs(el, 'parameter', path, problems),
    resources: kids(el, 'resource').map((r, i) => readResource(r, `${path}.resource[${i}]`, problems)),
    areas: kids(el, 'area').map((a, i) => readArea(a, `${path}.area[${i}]`, problems)),
  });
}

function readAlert(el: XmlElement): ParsedCapAlert {
  const problems: string[] = [];
  checkChildren(el, 'alert', 'alert', problems);
  const t = (k: string) => text(el, k);
  const refs = parseCapReferences(t('references') ?? '');
  problems.push(...refs.problems.map((p) => `alert.references: ${p}`));
  const alert: CapAlert = optional({
    identifier: t('identifier') ?? '',
    sender: t('sender') ?? '',
    sent: dateOf(t('sent'), 'alert.sent', problems) ?? '',
    status: coded(t('status'), CAP_STATUS, 'alert.status', problems),
    msgType: coded(t('msgType'), CAP_MSG_TYPE, 'alert.msgType', problems),
    source: t('source'),
    scope: coded(t('scope'), CAP_SCOPE, 'alert.scope', problems),
    restriction: t('restriction'),
    addresses: t('addresses'),
    codes: texts(el, 'code'),
    note: t('note'),
    references: refs.references,
    incidents: t('incidents'),
    infos: kids(el, 'info').map((info, i) => readInfo(info, `info[${i}]`, problems)),
  });
  const signed = el.children.some((c) => c.ns === DSIG && c.local === 'Signature');
  return { alert, version: VERSION_OF.get(el.ns ?? '')!, signed, problems };
}

/** CAP alert elements anywhere below (or at) an element, not descending into alerts. */
function findAlerts(el: XmlElement): XmlElement[] {
  if (el.local === 'alert' && VERSION_OF.has(el.ns ?? '')) return [el];
  return el.children.flatMap(findAlerts);
}

/**
 * Reads a CAP document safely: DTDs and entity declarations are refused before parsing,
 * bytes are decoded by BOM / XML declaration (e.g. ISO-8859-1), EDXL-DE envelopes and alert
 * containers are unwrapped, CAP 1.1 / 1.0 are recognised by namespace.
 */
export function parseCapDocument(input: string | Uint8Array, options: CapParseOptions = {}): CapDocument {
  const max = options.maxBytes ?? 5_000_000;
  if (input.length > max) throw new CapParseError(`document larger than ${max} bytes`);
  const root = parseXmlTree(typeof input === 'string' ? input : decodeXmlBytes(input));
  const alerts = findAlerts(root);
  if (alerts.length === 0) {
    const kind =
      root.local === 'feed' ? 'an Atom feed' : `<${root.name}> in namespace ${root.ns ?? '(none)'}`;
    throw new CapParseError(`not a CAP message: found ${kind}`);
  }
  const wrapper = root === alerts[0] ? 'none' : root.local === 'EDXLDistribution' ? 'edxl-de' : 'container';
  return { wrapper, alerts: alerts.map(readAlert) };
}

/** Reads exactly one CAP alert; with `strict`, any problem (or a version other than 1.2) throws. */
export function parseCapAlert(
  input: string | Uint8Array,
  options: CapParseOptions & { strict?: boolean } = {},
): ParsedCapAlert {
  const doc = parseCapDocument(input, options);
  if (doc.alerts.length !== 1) throw new CapParseError(`expected one alert, found ${doc.alerts.length}`);
  const parsed = doc.alerts[0]!;
  if (options.strict && (parsed.version !== '1.2' || parsed.problems.length > 0)) {
    throw new CapParseError(
      `not a valid CAP 1.2 alert: ${[`version ${parsed.version}`, ...parsed.problems].join('; ')}`,
    );
  }
  return parsed;
}
